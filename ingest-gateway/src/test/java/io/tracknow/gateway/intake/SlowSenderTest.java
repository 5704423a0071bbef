package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.gateway.GatewayTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A sender that opens a webhook request and then stops sending its body (a slow-loris) does not hold
 * the connection: after the read timeout it is answered 408 or cut, and nothing is published.
 */
class SlowSenderTest extends GatewayTestSupport {

    @Test
    void aSenderThatStopsMidBodyIsCutOffAfterTheReadTimeout() throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"slow-secret\"]}");
        int port = Integer.parseInt(environment.getProperty("local.server.port"));

        try (Socket socket = new Socket("127.0.0.1", port)) {
            // no answer or close within five times the read timeout fails the test instead of hanging it
            socket.setSoTimeout(
                    (int) Duration.ofSeconds(READ_TIMEOUT_SECONDS * 5L).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/shopify/" + merchant + " HTTP/1.1\r\n"
                            + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n"
                            + "X-Shopify-Topic: orders/paid\r\nX-Shopify-Event-Id: slow-1\r\n"
                            + "X-Shopify-Hmac-Sha256: AAAA\r\n\r\n{\"id\": 1, ")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = readUntilClosed(socket.getInputStream());

            assertThat(answer)
                    .satisfiesAnyOf(
                            a -> assertThat(a).startsWith("HTTP/1.1 408"),
                            a -> assertThat(a).isEmpty());
        }
        assertThat(orders.values(o -> o.getMerchantId().equals(merchant))).isEmpty();
    }

    /** Everything the server sends until it closes the connection; a read timeout fails the test. */
    private static String readUntilClosed(InputStream in) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(
                    "the gateway kept the stalled request open; received so far: "
                            + received.toString(StandardCharsets.UTF_8),
                    e);
        }
        return received.toString(StandardCharsets.US_ASCII);
    }
}
