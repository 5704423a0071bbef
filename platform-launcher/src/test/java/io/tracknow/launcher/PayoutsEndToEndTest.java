package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TestInfra;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Money out on the embedded platform with its sandbox providers, as {@code ./platform demo payouts} does it:
 * a new seed-style order (125.50 USD) accrues 18.83 USD for the demo influencer and 6.28 USD for the platform;
 * the operator ends the hold, runs the debit (25.11 USD collected from the demo merchant through the sandbox
 * PayZen) and the payout (18.83 USD to the demo influencer's sandbox Wave wallet); everything travels
 * through Kafka (commissions.v1, payments.v1) and commission-service ends with the commission paid, the
 * influencer's paid-out balance up by 18.83 USD and the debit in the merchant's statement.
 */
class PayoutsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static SandboxProviders providers;
    private static EmbeddedPlatform platform;
    private final HttpClient http = TestHttp.client();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startPlatform() {
        providers = SandboxProviders.start();
        Map<String, String> extra = new LinkedHashMap<>(providers.serviceProperties());
        extra.put("tracknow.messaging.outbox.poll-interval", "50ms");
        extra.put("logging.structured.format.console", "");
        platform = EmbeddedPlatform.start(TestInfra.infra(), true, true, extra);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        if (providers != null) {
            providers.close();
        }
    }

    @Test
    void demoPayoutsDebitsTheMerchantAndPaysTheInfluencerThroughTheSandboxProviders() throws Exception {
        String orderId =
                Long.toString(8_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L));
        long paidBefore = paidOut();
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_URL", platform.baseUrl("ingest-gateway"));
        env.put("ATTRIBUTION_URL", platform.baseUrl("attribution-service"));
        env.put("COMMISSION_URL", platform.baseUrl("commission-service"));
        env.put("PAYMENT_URL", platform.baseUrl("payment-orchestrator"));
        env.put("NOTIFICATION_URL", platform.baseUrl("notification-service"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        try (TopicProbe<PaymentEvent> payments = TopicProbe.avro(Topics.PAYMENTS)) {
            int exit = new DemoRun(env::get, new PrintStream(printed, true, StandardCharsets.UTF_8)).payouts(orderId);
            String output = printed.toString(StandardCharsets.UTF_8);

            assertThat(exit).as(output).isZero();
            assertThat(output)
                    .contains("order " + orderId + ": commission ")
                    .contains("influencer 18.83 USD, platform 6.28 USD")
                    .contains("-> 200 AVAILABLE")
                    .contains("debit sent       25.11 USD through payzen (")
                    .contains("debit completed  25.11 USD through payzen (completed")
                    .contains("payout sent      18.83 USD through wave (completed")
                    .contains("payout completed 18.83 USD through wave (completed")
                    .contains("demo-merchant owes 0.00 USD for order " + orderId);

            JsonNode commission = commissionOf(orderId);
            assertThat(commission.path("status").asString()).isEqualTo("PAID");
            String commissionId = commission.path("id").asString();

            // payments.v1 carried each step: the debit and the payout, each recorded, sent and completed once
            await().atMost(PATIENCE).untilAsserted(() -> {
                List<PaymentEvent> mine =
                        payments.values(e -> e.getCommissionIds().contains(commissionId));
                List<PaymentEvent> debit = mine.stream()
                        .filter(e -> e.getKind() == PaymentKind.MERCHANT_DEBIT)
                        .toList();
                List<PaymentEvent> payout = mine.stream()
                        .filter(e -> e.getKind() == PaymentKind.INFLUENCER_PAYOUT)
                        .toList();
                assertThat(debit)
                        .extracting(PaymentEvent::getStatus)
                        .containsExactly(PaymentStatus.INITIATED, PaymentStatus.PENDING, PaymentStatus.SUCCEEDED);
                assertThat(debit).allSatisfy(e -> {
                    assertThat(e.getAmountMinor()).isEqualTo(1883 + 628);
                    assertThat(e.getCurrency()).isEqualTo("USD");
                    assertThat(e.getMerchantId()).isEqualTo(DemoWebhook.MERCHANT);
                    assertThat(e.getGateway()).isEqualTo("payzen");
                });
                assertThat(payout)
                        .extracting(PaymentEvent::getStatus)
                        .containsExactly(PaymentStatus.INITIATED, PaymentStatus.PENDING, PaymentStatus.SUCCEEDED);
                assertThat(payout).allSatisfy(e -> {
                    assertThat(e.getAmountMinor()).isEqualTo(1883);
                    assertThat(e.getInfluencerId()).isEqualTo(DemoWebhook.INFLUENCER);
                    assertThat(e.getGateway()).isEqualTo("wave");
                });
            });
            String debitId = payments.values(e ->
                            e.getCommissionIds().contains(commissionId) && e.getKind() == PaymentKind.MERCHANT_DEBIT)
                    .getFirst()
                    .getPaymentId();

            assertThat(paidOut() - paidBefore)
                    .as("the influencer's paid-out balance")
                    .isEqualTo(1883);
            JsonNode collection = null;
            for (JsonNode line : getJson(
                            "commission-service",
                            "/api/merchants/demo-merchant/statement",
                            EmbeddedPlatform.DEMO_MERCHANT_TOKEN)
                    .path("entries")) {
                if (debitId.equals(line.path("paymentId").asString())) {
                    collection = line;
                }
            }
            assertThat(collection).as("the debit in the merchant's statement").isNotNull();
            assertThat(collection.toString()).contains("2511");

            // run again: the commission is debited and paid already, so nothing new moves
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            int rerun = new DemoRun(env::get, new PrintStream(again, true, StandardCharsets.UTF_8)).payouts(orderId);
            assertThat(rerun).as(again.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(again.toString(StandardCharsets.UTF_8)).contains("-> 409");
            assertThat(paidOut() - paidBefore).isEqualTo(1883);
            assertThat(payments.values(e -> e.getCommissionIds().contains(commissionId)))
                    .hasSize(6);
        }
    }

    private long paidOut() throws Exception {
        for (JsonNode balance : getJson(
                        "commission-service",
                        "/api/influencers/demo-influencer/balances",
                        EmbeddedPlatform.DEMO_OPERATOR_TOKEN)
                .path("balances")) {
            if ("USD".equals(balance.path("currency").asString())) {
                return balance.path("paidMinor").asLong();
            }
        }
        return 0;
    }

    private JsonNode commissionOf(String orderId) throws Exception {
        for (JsonNode c : getJson(
                        "commission-service",
                        "/api/influencers/demo-influencer/commissions",
                        EmbeddedPlatform.DEMO_OPERATOR_TOKEN)
                .path("commissions")) {
            if (orderId.equals(c.path("externalOrderId").asString())) {
                return c;
            }
        }
        throw new AssertionError("no commission for order " + orderId);
    }

    private JsonNode getJson(String service, String path, String token) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(platform.baseUrl(service) + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(service + path + " -> " + response.body())
                .isEqualTo(200);
        return json.readTree(response.body());
    }
}
