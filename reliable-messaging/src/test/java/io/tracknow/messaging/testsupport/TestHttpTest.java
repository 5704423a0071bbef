package io.tracknow.messaging.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test client abandons an unanswered exchange and sends the request once more. */
class TestHttpTest {

    @Test
    void aRequestLeftUnansweredIsSentOnceMoreOnANewConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        List<Socket> ignored = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (!server.isClosed()) {
                        Socket socket = server.accept();
                        readHead(socket.getInputStream());
                        if (connections.incrementAndGet() == 1) {
                            ignored.add(socket); // read the request, never answer
                        } else {
                            socket.getOutputStream().write(
                                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                            socket.getOutputStream().flush();
                        }
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });

            HttpResponse<String> response = TestHttp.retryingAfter(Duration.ofSeconds(1)).send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
            assertThat(connections.get()).isEqualTo(2);
        } finally {
            for (Socket socket : ignored) {
                socket.close();
            }
        }
    }

    private static void readHead(InputStream in) throws Exception {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }
}
