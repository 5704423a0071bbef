package io.tracknow.messaging.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.messaging.testsupport.KeepAliveCheck.Exchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keep-alive check against a scripted server that answers a given number of requests on a
 * connection and then, like Reactor Netty 1.3.6, keeps the connection open and never answers again.
 */
class KeepAliveCheckTest {

    private static final Duration SHORT = Duration.ofMillis(500);
    private static final Exchange WEBHOOK = Exchange.post(
                    "/webhooks/x", "application/json", "{\"id\":1}".getBytes(StandardCharsets.UTF_8), 200)
            .withHeader("X-Test", "1");

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : connections) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void passesWhenThePipelinedRequestsAndTheOneAfterThemAreAnsweredInChunksOrWithALength() throws Exception {
        int port = serve(Integer.MAX_VALUE);

        KeepAliveCheck.onPort(port, SHORT).pipelinedBehind(WEBHOOK);

        assertThat(received)
                .containsExactly(
                        "POST /webhooks/x {\"id\":1}", "GET /no-such-route ", "GET /actuator/health/liveness ");
        assertThat(connections).hasSize(1);
    }

    @Test
    void namesTheRequestAfterThePipelinedOnesThatWasNeverAnswered() throws Exception {
        int port = serve(2);

        assertThatThrownBy(() -> KeepAliveCheck.onPort(port, SHORT).pipelinedBehind(WEBHOOK))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(
                        "GET /actuator/health/liveness (request 3 of 3, sent on the same connection once"
                                + " the two pipelined requests were answered) was never answered: no response within 500 ms")
                .hasMessageContaining("[POST /webhooks/x -> 200, GET /no-such-route -> 401]");
    }

    @Test
    void passesWhenHundredsOfRequestsOneAfterTheOtherAreAllAnswered() throws Exception {
        int port = serve(Integer.MAX_VALUE);

        KeepAliveCheck.onPort(port, SHORT).oneAfterAnother(WEBHOOK, 300);

        assertThat(received).hasSize(300);
        assertThat(connections).hasSize(1);
    }

    @Test
    void namesTheRequestOneAfterTheOtherThatWasNeverAnswered() throws Exception {
        int port = serve(40);

        assertThatThrownBy(() -> KeepAliveCheck.onPort(port, SHORT).oneAfterAnother(WEBHOOK, 300))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("GET /actuator/health/liveness (request 41 of 300 sent one after the other on"
                        + " one kept-alive connection) was never answered")
                .hasMessageContaining("GET /no-such-route -> 401, POST /webhooks/x -> 200]");
    }

    @Test
    void failsOnAnUnexpectedStatusWithTheBody() throws Exception {
        int port = serve(Integer.MAX_VALUE);

        assertThatThrownBy(() -> KeepAliveCheck.onPort(port, SHORT).pipelinedBehind(Exchange.get("/teapot", 200)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("GET /teapot (request 1 of 3, pipelined with request 2) was answered 418, expected 200:"
                        + " short and stout");
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        byte[] wire = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4;name=value\r\nWiki\r\n6\r\npedia \r\n0\r\nExpires: never\r\n\r\n"
                        + "HTTP/1.1 204 No Content\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(wire));

        HttpResponseReader.Response first = HttpResponseReader.read(in);
        HttpResponseReader.Response second = HttpResponseReader.read(in);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).isEqualTo("Wikipedia ");
        assertThat(second.status()).isEqualTo(204);
        assertThat(in.read()).isEqualTo(-1);
    }

    /** Answers the first {@code answering} requests of each connection, then reads on but never answers. */
    private int serve(int answering) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (!server.isClosed()) {
                    Socket socket = server.accept();
                    connections.add(socket);
                    Thread.ofVirtual().start(() -> answer(socket, answering));
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        return server.getLocalPort();
    }

    private void answer(Socket socket, int answering) {
        try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
            OutputStream out = socket.getOutputStream();
            for (int n = 0; ; n++) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                String[] parts = requestLine.split(" ");
                int length = contentLength(head);
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                received.add(parts[0] + " " + parts[1] + " " + body);
                if (n >= answering) {
                    continue;
                }
                out.write(response(parts[1], n).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    /** Alternately framed by chunks and by Content-Length. */
    private static String response(String path, int n) {
        if (path.equals("/teapot")) {
            return "HTTP/1.1 418 I'm a teapot\r\nContent-Length: 15\r\n\r\nshort and stout";
        }
        String status = path.equals("/no-such-route") ? "401 Unauthorized" : "200 OK";
        return n % 2 == 0
                ? "HTTP/1.1 " + status + "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                : "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                return head.toString();
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }
}
