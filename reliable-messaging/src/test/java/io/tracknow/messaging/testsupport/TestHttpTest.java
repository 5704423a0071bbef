package io.tracknow.messaging.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test client fails a request the server leaves unanswered, and never sends it again. */
class TestHttpTest {

    @Test
    void aRequestLeftUnansweredFailsTheTestNamingTheRequestAndTheWaitAndIsNotSentAgain() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        List<Socket> ignored = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (!server.isClosed()) {
                        Socket socket = server.accept();
                        ignored.add(socket);
                        readHead(socket.getInputStream());
                        requests.incrementAndGet(); // read the request, never answer
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/x");

            assertThatThrownBy(() -> TestHttp.answeringWithin(Duration.ofSeconds(1))
                            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("GET " + uri + " was not answered within 1 s (TestHttp.ANSWER_WITHIN)")
                    .hasMessageContaining("does not send it again");
            assertThat(requests.get()).isEqualTo(1);
            assertThat(ignored).hasSize(1);
        } finally {
            for (Socket socket : ignored) {
                socket.close();
            }
        }
    }

    @Test
    void anAnsweredRequestReturnsItsResponse() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    readHead(socket.getInputStream());
                    socket.getOutputStream()
                            .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                    .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                } catch (Exception closed) {
                    // the test is over
                }
            });

            HttpResponse<String> response = TestHttp.answeringWithin(Duration.ofSeconds(10))
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/x"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
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
