package io.tracknow.messaging.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proves that a service answers every request that arrives on one kept-alive HTTP/1.1 connection,
 * whatever thread answered the one before. Ingress proxies, load balancers and webhook senders reuse
 * connections; Reactor Netty 1.3.6 stopped reading a connection after a request that had been queued
 * behind a response written off the event loop (after a database round trip) was answered on the event
 * loop, so the next request on it was never read and no timeout ever fired (reactor-netty #4361,
 * docs/architecture.md, "The keep-alive hang").
 * <p>
 * It speaks raw HTTP/1.1 over one {@link Socket}, so no client can hide an unanswered request by
 * opening another connection, and it fails with the request that was never answered when no response
 * arrives within {@link #READ_TIMEOUT}.
 */
public final class KeepAliveCheck {

    /** How long the check waits for each response; a healthy service answers these in milliseconds. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /**
     * An unknown route without a token: every service refuses it 401 at once in its token filter
     * (docs/architecture.md, "API access"), on the event loop, without any I/O; the synchronous answer
     * the hang needs (before the token filter this was the 404 of the unknown route).
     */
    public static final Exchange NO_SUCH_ROUTE = Exchange.get("/no-such-route", 401);
    /** The liveness probe, as Kubernetes sends it. */
    public static final Exchange LIVENESS = Exchange.get("/actuator/health/liveness", 200);

    private final int port;
    private final Duration readTimeout;

    private KeepAliveCheck(int port, Duration readTimeout) {
        this.port = port;
        this.readTimeout = readTimeout;
    }

    /** A check of the server listening on 127.0.0.1 at this port. */
    public static KeepAliveCheck onPort(int port) {
        return new KeepAliveCheck(port, READ_TIMEOUT);
    }

    /** The same with a shorter wait, for the check's own tests. */
    static KeepAliveCheck onPort(int port, Duration readTimeout) {
        return new KeepAliveCheck(port, readTimeout);
    }

    /** A request and the status it must be answered with. */
    public record Exchange(String method, String path, Map<String, String> headers, byte[] body, int status) {

        public Exchange {
            headers = Map.copyOf(headers);
        }

        public static Exchange get(String path, int status) {
            return new Exchange("GET", path, Map.of(), new byte[0], status);
        }

        public static Exchange post(String path, String contentType, byte[] body, int status) {
            return new Exchange("POST", path, Map.of("Content-Type", contentType), body, status);
        }

        public Exchange withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Exchange(method, path, more, body, status);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }

        private byte[] bytes(int port) {
            StringBuilder head = new StringBuilder(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:")
                    .append(port)
                    .append("\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            if (body.length > 0 || !method.equals("GET")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            request.writeBytes(body);
            return request.toByteArray();
        }
    }

    /**
     * Writes {@code answeredAfterIo} (a request the service answers only after a database round trip)
     * and {@link #NO_SUCH_ROUTE} at once on one connection (HTTP/1.1 pipelining), reads both answers, then
     * sends {@link #LIVENESS} on the same connection and expects its answer.
     * <p>
     * This is deterministic on Reactor Netty 1.3.6: the 401 is queued behind the first request, and,
     * answered on the event loop as the queue drains, it leaves the connection unread, so the liveness
     * request that follows is never read. Pipelining the third request with the other two would hide
     * that: it would already be in the queue, and only a fourth would go unanswered.
     */
    public void pipelinedBehind(Exchange answeredAfterIo) throws IOException {
        try (Connection connection = connect()) {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(answeredAfterIo.bytes(port));
            both.writeBytes(NO_SUCH_ROUTE.bytes(port));
            connection.write(both.toByteArray());
            List<String> answered = new ArrayList<>();
            answered.add(connection.expect(answeredAfterIo, "request 1 of 3, pipelined with request 2", answered));
            answered.add(connection.expect(NO_SUCH_ROUTE, "request 2 of 3, pipelined behind request 1", answered));
            connection.write(LIVENESS.bytes(port));
            connection.expect(
                    LIVENESS,
                    "request 3 of 3, sent on the same connection once the two pipelined" + " requests were answered",
                    answered);
        }
    }

    /**
     * Sends {@code requests} requests one after the other on one connection, each after the previous
     * answer, cycling through {@code answeredAfterIo}, {@link #LIVENESS} and {@link #NO_SUCH_ROUTE}.
     */
    public void oneAfterAnother(Exchange answeredAfterIo, int requests) throws IOException {
        List<Exchange> cycle = List.of(answeredAfterIo, LIVENESS, NO_SUCH_ROUTE);
        try (Connection connection = connect()) {
            List<String> answered = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Exchange exchange = cycle.get(i % cycle.size());
                connection.write(exchange.bytes(port));
                String summary = connection.expect(
                        exchange,
                        "request " + (i + 1) + " of " + requests
                                + " sent one after the other on one kept-alive connection",
                        answered);
                answered.add(summary);
                if (answered.size() > 3) {
                    answered.removeFirst(); // the failure message shows only the last few answers
                }
            }
        }
    }

    private Connection connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int)
                    Duration.ofSeconds(5).toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            return new Connection(socket, readTimeout);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final Duration readTimeout;

        Connection(Socket socket, Duration readTimeout) throws IOException {
            this.socket = socket;
            this.readTimeout = readTimeout;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Reads the next response and checks its status; returns a one-line summary of it. */
        String expect(Exchange exchange, String which, List<String> answeredSoFar) throws IOException {
            HttpResponseReader.Response response;
            try {
                response = HttpResponseReader.read(in);
            } catch (SocketTimeoutException unanswered) {
                throw new AssertionError(
                        exchange + " (" + which + ") was never answered: no response within " + readTimeout.toMillis()
                                + " ms. Answered before it: " + answeredSoFar,
                        unanswered);
            } catch (EOFException closed) {
                throw new AssertionError(
                        exchange + " (" + which + ") was never answered: the server closed the"
                                + " connection. Answered before it: " + answeredSoFar,
                        closed);
            }
            if (response.status() != exchange.status()) {
                throw new AssertionError(exchange + " (" + which + ") was answered " + response.status() + ", expected "
                        + exchange.status() + ": " + response.text());
            }
            return exchange + " -> " + response.status();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
