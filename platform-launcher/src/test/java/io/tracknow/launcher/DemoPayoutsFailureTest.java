package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code ./platform demo payouts} fails with a clear message and exit 1, never a stack trace or a hang:
 * when the platform is not running, and when a step does not show within its patience (here a
 * commission-service that never has the order's commission).
 */
class DemoPayoutsFailureTest {

    @Test
    void aStepThatDoesNotShowInTimeEndsTheDemoWithExitOne() throws Exception {
        AtomicInteger posted = new AtomicInteger();
        HttpServer services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.createContext("/webhooks/tiktok/demo-merchant", exchange -> {
            posted.incrementAndGet();
            answer(exchange, "{\"status\": \"accepted\"}");
        });
        services.createContext(
                "/api/influencers/demo-influencer/commissions", exchange -> answer(exchange, "{\"commissions\": []}"));
        services.start();
        try {
            String url = "http://127.0.0.1:" + services.getAddress().getPort();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int exit = new DemoRun(
                            Map.of("GATEWAY_URL", url, "COMMISSION_URL", url)::get,
                            new PrintStream(printed, true, StandardCharsets.UTF_8),
                            Duration.ofMillis(500))
                    .payouts("4242");

            assertThat(exit).isEqualTo(1);
            assertThat(posted).as("the order is posted first").hasValue(1);
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("a commission for order 4242 did not show within 0 s: " + url
                            + "/api/influencers/demo-influencer/commissions");
        } finally {
            services.stop(0);
        }
    }

    @Test
    void aPlatformThatIsNotRunningEndsTheDemoWithExitOne() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new DemoRun(
                        Map.of("GATEWAY_URL", url, "COMMISSION_URL", url)::get,
                        new PrintStream(printed, true, StandardCharsets.UTF_8),
                        Duration.ofMillis(500))
                .payouts("4242");

        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("the gateway at " + url + " does not answer")
                .contains("is the platform running (./platform start)?");
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws java.io.IOException {
        try (exchange) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
