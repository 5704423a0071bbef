package io.tracknow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.tiktok.TikTokOrderMapper;
import io.tracknow.gateway.tiktok.TikTokSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** The bench's deliveries are what the gateway takes as new, genuine orders of the demo merchant. */
class DeliveriesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aGeneratedDeliveryPassesTheGatewaysOwnSignatureCheckWithTheDemoCredential() throws Exception {
        Deliveries.Delivery delivery =
                Deliveries.of("bench-test-1", Instant.now().getEpochSecond());

        TikTokSource tiktok = new TikTokSource(JSON, null, null);
        assertThat(tiktok.verify(request(delivery, delivery.signature()), demoCredential()))
                .isTrue();
        // and not merely any signature: one changed digit is refused
        String tampered = (delivery.signature().charAt(0) == '0' ? "1" : "0")
                + delivery.signature().substring(1);
        assertThat(tiktok.verify(request(delivery, tampered), demoCredential())).isFalse();
    }

    @Test
    void aGeneratedDeliveryIsThePaidDemoOrderOfTheDemoCreatorWithItsOwnOrderId() {
        long now = Instant.now().getEpochSecond();
        Deliveries.Delivery delivery = Deliveries.of("bench-test-2", now);

        OrderReported order = TikTokOrderMapper.map(JSON.readTree(delivery.body()), Deliveries.MERCHANT, Instant.now())
                .setEventId("e")
                .build();

        assertThat(order.getExternalOrderId()).isEqualTo("bench-test-2");
        assertThat(order.getStatus().name()).isEqualTo("PAID");
        assertThat(order.getTotalMinor()).isEqualTo(12550);
        assertThat(order.getHints().getCreatorId()).isEqualTo("tiktok_creator_123");
        assertThat(order.getOccurredAt()).isEqualTo(Instant.ofEpochSecond(now));
        assertThat(delivery.body()).doesNotContain("\n");
    }

    @Test
    void aFileHoldsEveryDeliveryOnceEachOnItsOwnLineAndSigned(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deliveries.tsv");
        Deliveries.write(file, "run1", 2000, Instant.now().getEpochSecond());

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2000);
        Set<String> orderIds = new HashSet<>();
        for (String line : lines) {
            Deliveries.Delivery delivery = Deliveries.Delivery.parse(line);
            assertThat(orderIds.add(delivery.orderId()))
                    .as("order id %s repeated", delivery.orderId())
                    .isTrue();
            assertThat(JSON.readTree(delivery.body())
                            .path("data")
                            .path("order_id")
                            .asString())
                    .isEqualTo(delivery.orderId());
            assertThat(delivery.signature()).isEqualTo(Deliveries.sign(delivery.body(), Deliveries.APP_SECRET));
        }
        assertThat(orderIds).allMatch(id -> id.startsWith(Deliveries.orderPrefix("run1")));
    }

    @Test
    void aDeliveryForAnotherCreatorCarriesItsCreatorIdAndIsSignedForIt() throws Exception {
        long now = Instant.now().getEpochSecond();
        Deliveries.Delivery delivery = Deliveries.of("bench-test-3", now, "bench_creator_7");

        OrderReported order = TikTokOrderMapper.map(JSON.readTree(delivery.body()), Deliveries.MERCHANT, Instant.now())
                .setEventId("e")
                .build();
        assertThat(order.getHints().getCreatorId()).isEqualTo("bench_creator_7");
        assertThat(order.getExternalOrderId()).isEqualTo("bench-test-3");
        assertThat(delivery.body()).doesNotContain(Deliveries.DEMO_CREATOR);
        assertThat(new TikTokSource(JSON, null, null).verify(request(delivery, delivery.signature()), demoCredential()))
                .isTrue();
    }

    @Test
    void refusesAnOrderIdThatWouldBreakTheJson() {
        assertThatThrownBy(() -> Deliveries.of("a\"b", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesACreatorIdThatWouldBreakTheJson() {
        assertThatThrownBy(() -> Deliveries.of("o-1", 1, "c\\d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("creator id");
        assertThatThrownBy(() -> Deliveries.of("o-1", 1, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Delivery request(Deliveries.Delivery delivery, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-TikTok-Signature", signature);
        return new Delivery(
                "tiktok",
                Deliveries.MERCHANT,
                headers,
                MediaType.APPLICATION_JSON,
                delivery.body().getBytes(StandardCharsets.UTF_8),
                Instant.now());
    }

    /** The credential the gateway seeds for the demo merchant (DemoCredentials.DEMO, package-private there). */
    private static MerchantCredential demoCredential() throws Exception {
        var field =
                Class.forName("io.tracknow.gateway.credentials.DemoCredentials").getField("DEMO");
        field.setAccessible(true);
        MerchantCredential demo = (MerchantCredential) field.get(null);
        assertThat(demo.merchantId()).isEqualTo(Deliveries.MERCHANT);
        return demo;
    }
}
