package io.tracknow.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.gateway.GatewayApplication;
import io.tracknow.gateway.signature.HmacSignatures;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TestInfra;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The schema registry cannot be reached: the delivery is answered 503 with Retry-After (the shop retries
 * later), and that handled outage is logged as one WARN line, with no ERROR and no stack trace: neither
 * the registry client's cache ("Cache load failed", with an InterruptedException when the publish timeout
 * interrupted its retry) nor Reactor's "onErrorDropped" for the send's failure arriving after the timeout.
 * The registry is a socket of this test: it either drops every connection at once, or accepts and never
 * answers (the publish timeout, shortened here with the producer's bounds, ends the wait and interrupts the
 * blocked send, which must then end too).
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            GatewayApplication.CONFIG,
            "tracknow.gateway.demo=true",
            "spring.kafka.producer.properties.max.block.ms=1000",
            "spring.kafka.producer.properties.request.timeout.ms=1000",
            "spring.kafka.producer.properties.delivery.timeout.ms=1500",
            "tracknow.gateway.publish-timeout=3s",
            "tracknow.gateway.reservation-lease=10s",
            "logging.level.io.tracknow.gateway.publish.EventPublisher=DEBUG"
        })
@ExtendWith(OutputCaptureExtension.class)
class RegistryOutageTest {

    /** The demo merchant's TikTok Shop secret (tracknow.gateway.demo). */
    private static final String DEMO_SECRET = "demo-app-secret";

    private static final UnreachableRegistry REGISTRY = new UnreachableRegistry();

    enum Outage {
        REFUSES_CONNECTIONS,
        NEVER_ANSWERS
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "ingest-gateway");
        registry.add(
                "tracknow.messaging.registry-url", () -> "http://127.0.0.1:" + REGISTRY.port() + "/apis/registry/v3");
    }

    @AfterAll
    static void stop() throws IOException {
        REGISTRY.close();
    }

    @Autowired
    Environment environment;

    private final HttpClient http = TestHttp.client();

    @ParameterizedTest
    @EnumSource(Outage.class)
    void answers503AndLogsOneWarningWithoutErrorsOrStackTraces(Outage outage, CapturedOutput output) throws Exception {
        REGISTRY.silent = outage == Outage.NEVER_ANSWERS;
        String orderId = "o-" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        byte[] body = ("{\"type\": \"ORDER_STATUS_CHANGE\", \"timestamp\": " + now + ", \"shop_id\": \"1\", \"data\": {"
                        + "\"order_id\": \"" + orderId + "\", \"order_status\": 111, \"update_time\": " + now + ","
                        + " \"payment\": {\"total_amount\": 4200, \"currency\": \"EUR\"}, \"items\": []}}")
                .getBytes(StandardCharsets.UTF_8);
        int before = output.getAll().length();

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port")
                                + "/webhooks/tiktok/demo-merchant"))
                        .header("Content-Type", "application/json")
                        .header("X-TikTok-Signature", HmacSignatures.hex(HmacSignatures.hmacSha256(DEMO_SECRET, body)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.body()).contains("/problems/temporarily-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        // a send still blocked when the gateway answered 503 is interrupted, so that it ends without the registry
        // ever answering; its end is noted at DEBUG, and whatever it logs on the way is no ERROR either
        await().atMost(Duration.ofSeconds(30))
                .until(() -> output.getAll().substring(before).contains("publishing to orders.v1 ended with"));
        List<String> lines = output.getAll().substring(before).lines().toList();
        assertThat(lines)
                .filteredOn(l -> l.contains("\"level\":\"ERROR\"") || l.contains(" ERROR "))
                .as("no ERROR for a handled outage")
                .isEmpty();
        assertThat(lines)
                .filteredOn(l -> l.contains("stack_trace") || l.startsWith("\tat "))
                .as("no stack trace")
                .isEmpty();
        assertThat(lines)
                .filteredOn(l -> (l.contains("\"level\":\"WARN\"") || l.contains(" WARN "))
                        && l.contains("could not publish TIKTOK_SHOP delivery"))
                .as("one WARN line")
                .hasSize(1);
    }

    /** A registry address that drops every connection at once, or (silent) accepts it and never answers. */
    static final class UnreachableRegistry {

        private final ServerSocket server;
        private final Set<Socket> held = ConcurrentHashMap.newKeySet();
        volatile boolean silent;

        UnreachableRegistry() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().name("unreachable-registry").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    if (silent) {
                        held.add(socket);
                    } else {
                        socket.setSoLinger(true, 0); // reset, as a registry that is down
                        socket.close();
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }

        /** Closes the held connections in order (FIN), as a registry that gives up on its requests. */
        void releaseSilentConnections() throws IOException {
            for (Socket socket : held) {
                socket.close();
            }
            held.clear();
        }

        void close() throws IOException {
            server.close();
            releaseSilentConnections();
        }
    }
}
