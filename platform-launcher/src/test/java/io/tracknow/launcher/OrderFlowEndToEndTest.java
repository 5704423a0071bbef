package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TestInfra;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample TikTok order through all five services: signed webhook in, 18.83 USD for the
 * influencer, 6.28 USD for the platform, 100.39 USD kept by the merchant, a notification out, and
 * nothing more when the same webhook comes again. Then the sample's two other scenarios from a signed
 * webhook: a tracking link's short code used as promo code, and a click on the link in bio followed by
 * an order carrying its utm_source.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderFlowEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static EmbeddedPlatform platform;
    private final HttpClient http = TestHttp.client();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startPlatform() {
        platform = EmbeddedPlatform.start(
                TestInfra.infra(),
                true,
                true,
                Map.of("tracknow.messaging.outbox.poll-interval", "50ms", "logging.structured.format.console", ""));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** First: it checks the demo influencer's and merchant's totals, which the other scenarios add to. */
    @Test
    @Order(1)
    void theSeedOrderMovesMoneyExactlyOnceAndNotifiesTheInfluencer() throws Exception {
        Clock sentAt = Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC);
        HttpResponse<String> first =
                DemoWebhook.post(http, platform.baseUrl("ingest-gateway"), DemoWebhook.ORDER_ID, sentAt);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json.readTree(first.body()).path("status").asString()).isEqualTo("accepted");

        JsonNode commission = await().atMost(PATIENCE).until(() -> commissionOf(DemoWebhook.ORDER_ID), c -> c != null);
        assertThat(commission.path("saleTotalMinor").asLong()).isEqualTo(12550);
        assertThat(commission.path("currency").asString()).isEqualTo("USD");
        assertThat(commission.path("influencerMinor").asLong()).isEqualTo(1883);
        assertThat(commission.path("platformMinor").asLong()).isEqualTo(628);
        assertThat(commission.path("merchantNetMinor").asLong()).isEqualTo(10039);
        assertThat(commission.path("status").asString()).isEqualTo("PENDING");

        JsonNode decision = getJson(
                        "attribution-service",
                        "/api/attributions/demo-merchant/" + DemoWebhook.ORDER_ID,
                        EmbeddedPlatform.DEMO_OPERATOR_TOKEN)
                .get(0);
        assertThat(decision.path("influencerId").asString()).isEqualTo(DemoWebhook.INFLUENCER);
        assertThat(decision.path("rule").asString()).isEqualTo("CREATOR_ID");
        assertThat(decision.path("hintValue").asString()).isEqualTo("tiktok_creator_123");

        // what the merchant owes for this order, read with its own token (it may owe for other orders: the test
        // classes share their databases, and PayoutsEndToEndTest debits one)
        await().atMost(PATIENCE).until(this::seedOrderOwed, owed -> owed > 0);
        assertThat(seedOrderOwed()).isEqualTo(1883 + 628);

        // the sale (with the commission it earns), and the commission, each once in the app, in French (the demo
        // influencer set no locale)
        List<JsonNode> notifications = await().atMost(PATIENCE).until(this::seedOrderNotifications, n -> n.size() >= 2);
        assertThat(notifications).hasSize(2);
        List<String> titles = new java.util.ArrayList<>();
        notifications.forEach(n ->
                titles.add(n.path("title").asString().replace('\u00a0', ' ').replace('\u202f', ' ')));
        assertThat(titles)
                .containsExactlyInAnyOrder(
                        "Vous avez gagné 18,83 $US", "Nouvelle vente : 125,50 $US, vous gagnez 18,83 $US");
        assertThat(notifications.get(0).path("channel").asString()).isEqualTo("IN_APP");

        // the order re-sent as a new delivery (a later timestamp: the gateway's dedupe key for a seed-style
        // body includes it), then that delivery retried by the shop (same timestamp and body): a duplicate
        String body = DemoWebhook.body(DemoWebhook.ORDER_ID, sentAt.instant().getEpochSecond() + 1);
        HttpResponse<String> again = postRaw(body);
        HttpResponse<String> retry = postRaw(body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("status").asString()).isEqualTo("accepted");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json.readTree(retry.body()).path("status").asString()).isEqualTo("duplicate");

        try (TopicProbe<OrderReported> orders = TopicProbe.avro(Topics.ORDERS);
                TopicProbe<SaleEvent> sales = TopicProbe.avro(Topics.SALES);
                TopicProbe<CommissionEvent> commissions = TopicProbe.avro(Topics.COMMISSIONS)) {
            // two distinct deliveries of the order reached Kafka (the first, and the re-sent one); the retry did not
            await().atMost(PATIENCE)
                    .until(() -> orders.values(o -> o.getExternalOrderId().equals(DemoWebhook.ORDER_ID))
                                    .size()
                            == 2);
            // ...attribution has applied both, and published everything it committed
            await().atMost(PATIENCE)
                    .until(() -> inboxCount("attribution-service", "attribution.orders") >= 2
                            && outboxEmpty("attribution-service"));
            List<SaleEvent> attributed = sales.values(
                    s -> s.getExternalOrderId().equals(DemoWebhook.ORDER_ID) && s.getEvent() instanceof SaleAttributed);
            List<CommissionEvent> accrued = commissions.values(c ->
                    c.getExternalOrderId().equals(DemoWebhook.ORDER_ID) && c.getEvent() instanceof CommissionAccrued);
            assertThat(attributed).hasSize(1);
            assertThat(accrued).hasSize(1);
        }
        assertThat(seedOrderNotifications()).hasSize(2);
        assertThat(seedOrderOwed()).isEqualTo(1883 + 628);
    }

    @Test
    void aTrackingLinksShortCodeUsedAsPromoCodeAttributesTheSaleFromASignedWebhook() throws Exception {
        String code = trackingLink();
        String orderId = "promo-" + UUID.randomUUID();
        String body = withoutCreator(
                        DemoWebhook.body(orderId, Clock.systemUTC().instant().getEpochSecond()))
                .replace("\"TIKTOK123\"", "\"" + code.toLowerCase(java.util.Locale.ROOT) + " \"")
                .replace("\"ABC12345\"", "\"unknown-source\"");
        assertThat(postRaw(body).statusCode()).isEqualTo(200);

        JsonNode decision = await().atMost(PATIENCE).until(() -> decisionOf(orderId), d -> d != null);
        assertThat(decision.path("influencerId").asString()).isEqualTo(DemoWebhook.INFLUENCER);
        assertThat(decision.path("rule").asString()).isEqualTo("PROMO_CODE");
        JsonNode commission = await().atMost(PATIENCE).until(() -> commissionOf(orderId), c -> c != null);
        assertThat(commission.path("influencerMinor").asLong()).isEqualTo(1883);
    }

    @Test
    void aClickOnATrackingLinkThenAnOrderCarryingItsUtmSourceAttributesTheSale() throws Exception {
        String code = trackingLink();
        HttpResponse<String> click = http.send(
                HttpRequest.newBuilder(URI.create(platform.baseUrl("attribution-service") + "/r/" + code))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).contains("utm_source=" + code));

        String orderId = "utm-" + UUID.randomUUID();
        String body = withoutCreator(
                        DemoWebhook.body(orderId, Clock.systemUTC().instant().getEpochSecond()))
                .replace("\"TIKTOK123\"", "\"NOT-A-CODE\"")
                .replace("\"ABC12345\"", "\"" + code + "\"");
        assertThat(postRaw(body).statusCode()).isEqualTo(200);

        JsonNode decision = await().atMost(PATIENCE).until(() -> decisionOf(orderId), d -> d != null);
        assertThat(decision.path("influencerId").asString()).isEqualTo(DemoWebhook.INFLUENCER);
        assertThat(decision.path("rule").asString()).isEqualTo("UTM_SOURCE");
        assertThat(decision.path("hintValue").asString()).isEqualToIgnoringCase(code);
    }

    /**
     * A Shopify order of 125.50 refunded in two refunds/create (50.20, then the remaining 75.30), then
     * reported refunded by orders/updated listing both: through all five services the whole commission
     * is reversed, twice and no more, so the influencer and the platform keep nothing for it and the
     * merchant owes nothing for it.
     */
    @Test
    void aShopifyOrderRefundedInTwoRefundsEndsWithItsWholeCommissionReversed() throws Exception {
        HttpResponse<String> credential = http.send(
                HttpRequest.newBuilder(URI.create(platform.baseUrl("ingest-gateway")
                                + "/admin/merchants/demo-merchant/credentials/SHOPIFY"))
                        .header("Authorization", "Bearer " + EmbeddedPlatform.DEMO_OPERATOR_TOKEN)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"secrets\": [\"" + SHOPIFY_SECRET + "\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(credential.statusCode()).as(credential.body()).isEqualTo(200);
        String orderId = Long.toString(7_000_000_000L + (System.nanoTime() % 1_000_000_000L));
        String refundA = shopifyRefund(orderId + "1", "50.20");
        String refundB = shopifyRefund(orderId + "2", "75.30");

        assertThat(postShopify("orders/paid", shopifyOrder(orderId, "paid", "")).statusCode())
                .isEqualTo(200);
        JsonNode accrued = await().atMost(PATIENCE).until(() -> commissionOf(orderId), c -> c != null);
        assertThat(accrued.path("influencerMinor").asLong()).isEqualTo(1883);
        assertThat(accrued.path("platformMinor").asLong()).isEqualTo(628);

        assertThat(postShopify("refunds/create", refundA.replaceFirst("\\{", "{\"order_id\": " + orderId + ", "))
                        .statusCode())
                .isEqualTo(200);
        assertThat(postShopify("refunds/create", refundB.replaceFirst("\\{", "{\"order_id\": " + orderId + ", "))
                        .statusCode())
                .isEqualTo(200);
        JsonNode reversed = await().atMost(PATIENCE)
                .until(
                        () -> commissionOf(orderId),
                        c -> "REVERSED".equals(c.path("status").asString()));
        assertThat(reversed.path("reversedInfluencerMinor").asLong()).isEqualTo(1883);
        assertThat(reversed.path("reversedPlatformMinor").asLong()).isEqualTo(628);

        try (TopicProbe<SaleEvent> sales = TopicProbe.avro(Topics.SALES);
                TopicProbe<CommissionEvent> commissions = TopicProbe.avro(Topics.COMMISSIONS)) {
            double handled = inboxCount("commission-service", "commission.sales");
            // the full refund as Shopify states it, listing both refunds again: news for its status only
            assertThat(postShopify("orders/updated", shopifyOrder(orderId, "refunded", refundA + ", " + refundB))
                            .statusCode())
                    .isEqualTo(200);
            SaleEvent refunded = await().atMost(PATIENCE)
                    .until(
                            () -> sales.values(e -> e.getExternalOrderId().equals(orderId)
                                    && e.getStatus() == io.tracknow.events.common.OrderStatus.REFUNDED),
                            l -> !l.isEmpty())
                    .getFirst();
            assertThat(refunded.getRefunds())
                    .extracting(io.tracknow.events.common.Refund::getAmountMinor)
                    .containsExactlyInAnyOrder(5020L, 7530L);
            await().atMost(PATIENCE)
                    .until(() -> inboxCount("commission-service", "commission.sales") > handled
                            && outboxEmpty("commission-service"));
            // the probe reads the topic from its beginning, a poll at a time: wait until both reversals were read
            List<Long> influencerReversals = await().atMost(PATIENCE)
                    .until(
                            () -> commissions
                                    .values(c -> c.getExternalOrderId().equals(orderId)
                                            && c.getEvent()
                                                    instanceof io.tracknow.events.commissions.CommissionReversed)
                                    .stream()
                                    .map(c -> ((io.tracknow.events.commissions.CommissionReversed) c.getEvent())
                                            .getInfluencerMinor())
                                    .toList(),
                            reversals -> reversals.size() >= 2);
            assertThat(influencerReversals)
                    .as("50.20 then 75.30 of 125.50: 7.53 then 11.30")
                    .containsExactly(753L, 1130L);
        }
        assertThat(commissionOf(orderId).path("reversedInfluencerMinor").asLong())
                .isEqualTo(1883);
        // the payment side, which collects from the merchant, recorded the order's 25.11 and took all of it back
        await().atMost(PATIENCE).until(() -> payables(orderId), p -> p[0] == 1883 + 628 && p[1] == 1883 + 628);
    }

    /** What payment-orchestrator's payables API shows the demo merchant owing for the seed order, minor units. */
    private long seedOrderOwed() throws Exception {
        long owed = 0;
        for (JsonNode p : getJson(
                        "payment-orchestrator",
                        "/api/merchants/demo-merchant/payables",
                        EmbeddedPlatform.DEMO_MERCHANT_TOKEN)
                .path("payables")) {
            if (DemoWebhook.ORDER_ID.equals(p.path("externalOrderId").asString())) {
                owed += p.path("influencerMinor").asLong()
                        + p.path("platformMinor").asLong();
            }
        }
        return owed;
    }

    /** The demo influencer's notifications about the seed order (other orders' are theirs). */
    private List<JsonNode> seedOrderNotifications() throws Exception {
        List<JsonNode> about = new java.util.ArrayList<>();
        for (JsonNode n : getJson("notification-service", "/api/influencers/demo-influencer/notifications")) {
            if (n.path("body").asString().contains(" " + DemoWebhook.ORDER_ID)) {
                about.add(n);
            }
        }
        return about;
    }

    /** What payment-orchestrator recorded as owed for this order's commission, and what it took back, in minor units. */
    private long[] payables(String orderId) {
        DatabaseClient db = platform.context("payment-orchestrator").getBean(DatabaseClient.class);
        return db.sql("SELECT (SELECT coalesce(sum(influencer_minor + platform_minor), 0) FROM merchant_payables"
                        + " WHERE external_order_id = :order) AS owed, (SELECT coalesce(sum(r.influencer_minor + r.platform_minor), 0)"
                        + " FROM merchant_payable_reversals r JOIN merchant_payables p ON p.commission_id = r.commission_id"
                        + " WHERE p.external_order_id = :order) AS reversed")
                .bind("order", orderId)
                .map(row -> new long[] {
                    row.get("owed", Number.class).longValue(),
                    row.get("reversed", Number.class).longValue()
                })
                .one()
                .block();
    }

    private static final String SHOPIFY_SECRET = "e2e-shopify-secret";

    private static String shopifyOrder(String orderId, String financialStatus, String refunds) {
        return """
                {"id": %s, "admin_graphql_api_id": "gid://shopify/Order/%s", "currency": "USD", "total_price": "125.50",
                 "financial_status": "%s", "updated_at": "%s", "line_items": [],
                 "note_attributes": [{"name": "creator_id", "value": "tiktok_creator_123"}], "refunds": [%s]}""".formatted(orderId, orderId, financialStatus, java.time.OffsetDateTime.now(ZoneOffset.UTC), refunds);
    }

    private static String shopifyRefund(String refundId, String amount) {
        return """
                {"id": %s, "admin_graphql_api_id": "gid://shopify/Refund/%s", "processed_at": "%s", "refund_line_items": [],
                 "transactions": [{"kind": "refund", "status": "success", "amount": "%s", "currency": "USD"}]}""".formatted(refundId, refundId, java.time.OffsetDateTime.now(ZoneOffset.UTC), amount);
    }

    private HttpResponse<String> postShopify(String topic, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                SHOPIFY_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String hmac = java.util.Base64.getEncoder()
                .encodeToString(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return http.send(
                HttpRequest.newBuilder(
                                URI.create(platform.baseUrl("ingest-gateway") + "/webhooks/shopify/demo-merchant"))
                        .header("Content-Type", "application/json")
                        .header("X-Shopify-Topic", topic)
                        .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
                        .header("X-Shopify-Hmac-Sha256", hmac)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A tracking link of the demo influencer to the demo shop, through the operator API. */
    private String trackingLink() throws Exception {
        String attribution = platform.baseUrl("attribution-service");
        HttpResponse<String> settings = http.send(
                HttpRequest.newBuilder(URI.create(attribution + "/api/merchants/demo-merchant/tracking-settings"))
                        .header("Authorization", "Bearer " + EmbeddedPlatform.DEMO_OPERATOR_TOKEN)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"allowedDomains\": [\"shop.example\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        HttpResponse<String> link = http.send(
                HttpRequest.newBuilder(URI.create(attribution + "/api/tracking-links"))
                        .header("Authorization", "Bearer " + EmbeddedPlatform.DEMO_OPERATOR_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"merchantId\": \"demo-merchant\", \"influencerId\": \"" + DemoWebhook.INFLUENCER
                                        + "\", \"destinationUrl\": \"https://shop.example/p/1\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
        return json.readTree(link.body()).path("shortCode").asString();
    }

    private static String withoutCreator(String body) {
        return body.replace("\"creator_id\": \"tiktok_creator_123\"", "\"creator_id\": null");
    }

    private JsonNode decisionOf(String orderId) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(
                                platform.baseUrl("attribution-service") + "/api/attributions/demo-merchant/" + orderId))
                        .header("Authorization", "Bearer " + EmbeddedPlatform.DEMO_OPERATOR_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()).get(0) : null;
    }

    private double inboxCount(String service, String consumer) {
        MeterRegistry meters = platform.context(service).getBean(MeterRegistry.class);
        return meters.find("tracknow.inbox.events").tag("consumer", consumer).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private boolean outboxEmpty(String service) {
        Long rows = platform.context(service)
                .getBean(DatabaseClient.class)
                .sql("SELECT count(*) AS n FROM messaging.outbox")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
        return rows != null && rows == 0;
    }

    /** The demo platform serves the payments API of seed 004 with its sandbox client's key, as docs/payments-api.md shows. */
    @Test
    @Order(10)
    void theDemoSandboxClientCollectsAPaymentWithItsKey() throws Exception {
        String body = """
                {"payment_id": "pm_demo_%s", "amount": 0.01, "currency": "EUR", "payment_method": "mobile_money",
                 "metadata": {"description": "Upgrade to Pro plan"}, "callback_url": "http://127.0.0.1:9/callback"}""".formatted(java.util.UUID.randomUUID());
        HttpResponse<String> initiated = http.send(
                HttpRequest.newBuilder(
                                URI.create(platform.baseUrl("payment-orchestrator") + "/api/v1/payments/initiate"))
                        .header("Authorization", "Bearer " + EmbeddedPlatform.DEMO_PAYMENTS_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(initiated.statusCode()).as(initiated.body()).isEqualTo(201);
        String id = json.readTree(initiated.body()).path("external_payment_id").asString();
        JsonNode status = getJson(
                "payment-orchestrator", "/api/v1/payments/" + id + "/status", EmbeddedPlatform.DEMO_PAYMENTS_KEY);
        assertThat(status.path("status").asString()).isEqualTo("completed");
    }

    private JsonNode commissionOf(String orderId) throws Exception {
        for (JsonNode c : getJson("commission-service", "/api/influencers/demo-influencer/commissions")
                .path("commissions")) {
            if (orderId.equals(c.path("externalOrderId").asString())) {
                return c;
            }
        }
        return null;
    }

    private HttpResponse<String> postRaw(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create(platform.baseUrl("ingest-gateway") + "/webhooks/tiktok/demo-merchant"))
                        .header("Content-Type", "application/json")
                        .header("X-TikTok-Signature", DemoWebhook.sign(body, DemoWebhook.APP_SECRET))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** With the operator's token; every API takes one (docs/architecture.md, "API access"). */
    private JsonNode getJson(String service, String path) throws Exception {
        return getJson(service, path, EmbeddedPlatform.DEMO_OPERATOR_TOKEN);
    }

    private JsonNode getJson(String service, String path, String bearerToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl(service) + path));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(service + path + " -> " + response.body())
                .isEqualTo(200);
        return json.readTree(response.body());
    }
}
