package io.tracknow.payment.payables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.common.OrderSource;
import io.tracknow.messaging.testsupport.TestInfra;
import io.tracknow.payment.PaymentApplication;
import io.tracknow.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = PaymentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = PaymentApplication.CONFIG)
class PayablesTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "payment-orchestrator");
    }

    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    Environment environment;
    @Autowired
    MeterRegistry meters;

    @Test
    void recordsWhatTheMerchantOwesForEachAccruedCommissionOnceAndIgnoresOtherKinds() throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        CommissionEvent first = accrued(merchant, "USD", 1883, 628);
        CommissionEvent second = accrued(merchant, "XOF", 150, 50);
        double before = handled();
        kafka.send(Topics.COMMISSIONS, first.getInfluencerId(), first).get();
        kafka.send(Topics.COMMISSIONS, first.getInfluencerId(), first).get();
        kafka.send(Topics.COMMISSIONS, second.getInfluencerId(), second).get();
        CommissionEvent validated = CommissionEvent.newBuilder(first).setEventId(UUID.randomUUID().toString())
                .setEvent(CommissionValidated.newBuilder().setInfluencerMinor(1883).build()).build();
        kafka.send(Topics.COMMISSIONS, validated.getInfluencerId(), validated).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 4);
        JsonNode owed = owed(merchant);
        assertThat(owed.path("owedMinorByCurrency").path("USD").asLong()).isEqualTo(1883 + 628);
        assertThat(owed.path("owedMinorByCurrency").path("XOF").asLong()).isEqualTo(200);
        assertThat(owed.path("payables")).hasSize(2);
    }

    @Test
    void aReversalLowersWhatTheMerchantOwesOnce() throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        CommissionEvent accrued = accrued(merchant, "USD", 1883, 628);
        CommissionEvent partlyRefunded = CommissionEvent.newBuilder(accrued).setEventId(UUID.randomUUID().toString())
                .setEvent(CommissionReversed.newBuilder().setInfluencerMinor(942).setPlatformMinor(314)
                        .setReason(ReversalReason.PARTLY_REFUNDED).build()).build();
        double before = handled();
        kafka.send(Topics.COMMISSIONS, accrued.getInfluencerId(), accrued).get();
        kafka.send(Topics.COMMISSIONS, accrued.getInfluencerId(), partlyRefunded).get();
        kafka.send(Topics.COMMISSIONS, accrued.getInfluencerId(), partlyRefunded).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 3);
        JsonNode owed = owed(merchant);
        assertThat(owed.path("owedMinorByCurrency").path("USD").asLong()).isEqualTo(1883 + 628 - 942 - 314);
        assertThat(owed.path("reversedMinorByCurrency").path("USD").asLong()).isEqualTo(942 + 314);
    }

    @Test
    void aMerchantWithNothingAccruedOwesNothing() throws Exception {
        JsonNode owed = owed("nobody-" + UUID.randomUUID());
        assertThat(owed.path("owedMinorByCurrency").size()).isZero();
        assertThat(owed.path("payables")).isEmpty();
    }

    private double handled() {
        return meters.find("tracknow.inbox.events").tag("consumer", "payment.commissions").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private JsonNode owed(String merchant) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/api/merchants/" + merchant
                        + "/payables")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static CommissionEvent accrued(String merchant, String currency, long influencer, long platform) {
        return CommissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setCommissionId(UUID.randomUUID().toString())
                .setInfluencerId("inf-" + UUID.randomUUID())
                .setMerchantId(merchant)
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId("o-" + UUID.randomUUID())
                .setCurrency(currency)
                .setEvent(CommissionAccrued.newBuilder()
                        .setSaleTotalMinor(influencer * 10)
                        .setInfluencerRatePercent("15")
                        .setPlatformRatePercent("5")
                        .setInfluencerMinor(influencer)
                        .setPlatformMinor(platform)
                        .setMerchantNetMinor(influencer * 10 - influencer - platform)
                        .setHoldUntil(Instant.now())
                        .build())
                .build();
    }
}
