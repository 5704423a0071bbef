package io.tracknow.gateway.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.AfterMarker;
import io.tracknow.gateway.BuyerEmails;
import io.tracknow.gateway.GatewayApplication;
import io.tracknow.gateway.signature.HmacSignatures;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

@ServiceIntegrationTest(
        service = "ingest-gateway",
        classes = GatewayApplication.class,
        properties = {GatewayApplication.CONFIG, "tracknow.gateway.demo=true"})
class TikTokWebhookTest {

    private static final String SECRET = "demo-app-secret";
    private static TopicProbe<OrderReported> orders;

    @BeforeAll
    static void openProbe() {
        orders = TopicProbe.avro(Topics.ORDERS);
    }

    @AfterAll
    static void closeProbe() {
        orders.close();
    }

    @Autowired
    Environment environment;

    private final HttpClient http = TestHttp.client();

    @Test
    void acceptsASignedOrderAndPublishesItNormalisedOnceKafkaAcknowledgedIt() throws Exception {
        String orderId = unique();
        HttpResponse<String> response = post("demo-merchant", order(orderId, now()), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"accepted\"");
        OrderReported published = publishedOrder(orderId);
        assertThat(published.getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(published.getPlatformStatus()).isEqualTo("111");
        assertThat(published.getTotalMinor()).isEqualTo(12550);
        assertThat(published.getCurrency()).isEqualTo("USD");
        assertThat(published.getMerchantId()).isEqualTo("demo-merchant");
        assertThat(published.getHints().getCreatorId()).isEqualTo("tiktok_creator_123");
        assertThat(published.getHints().getPromoCodes()).containsExactly("TIKTOK123");
        assertThat(published.getHints().getUtmSource()).isEqualTo("ABC12345");
        assertThat(published.getBuyerEmailSha256()).isEqualTo(BuyerEmails.sha256("customer@email.com"));
        assertThat(published.toString()).doesNotContain("customer@email.com");
        assertThat(published.getItems()).hasSize(1);
        assertThat(published.getItems().getFirst().getUnitPriceMinor()).isEqualTo(2500);
    }

    @Test
    void answersASecondIdenticalDeliveryAsADuplicateAndPublishesNothingMore() throws Exception {
        String orderId = unique();
        String body = order(orderId, now());
        assertThat(post("demo-merchant", body, null).statusCode()).isEqualTo(200);
        HttpResponse<String> again = post("demo-merchant", body, null);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"duplicate\":true");
        publishedOrder(orderId);
        assertThat(publishedAfterMarker(orderId)).hasSize(1);
    }

    @Test
    void treatsAnEmptyOrNullNotificationIdAsAbsentSoDistinctOrdersAreNotSwallowedAsDuplicates() throws Exception {
        for (String id : List.of("\"\"", "null", "\"  \"")) {
            String first = unique();
            String second = unique();
            HttpResponse<String> one = post("demo-merchant", withNotificationId(order(first, now()), id), null);
            HttpResponse<String> two = post("demo-merchant", withNotificationId(order(second, now()), id), null);

            assertThat(one.body()).as("tts_notification_id " + id).contains("\"status\":\"accepted\"");
            assertThat(two.body()).as("tts_notification_id " + id).contains("\"status\":\"accepted\"");
            assertThat(publishedOrder(second).getDeliveryId()).isNull();
        }
    }

    @Test
    void rejectsAWrongSignatureWith401AndPublishesNothing() throws Exception {
        String orderId = unique();
        HttpResponse<String> response = post("demo-merchant", order(orderId, now()), "00ff");
        assertProblem(response, 401, "invalid-signature");
        assertThat(publishedAfterMarker(orderId)).isEmpty();
    }

    @Test
    void rejectsAMissingSignatureWith401() throws Exception {
        HttpResponse<String> response = send("demo-merchant", order(unique(), now()), "application/json", false, null);
        assertProblem(response, 401, "invalid-signature");
    }

    @Test
    void rejectsAStaleTimestampWith400AndPublishesNothing() throws Exception {
        String orderId = unique();
        HttpResponse<String> response = post("demo-merchant", order(orderId, now() - 600), null);
        assertProblem(response, 400, "stale-timestamp");
        assertThat(publishedAfterMarker(orderId)).isEmpty();
    }

    @Test
    void rejectsAFutureTimestampWith400() throws Exception {
        assertProblem(post("demo-merchant", order(unique(), now() + 600), null), 400, "stale-timestamp");
    }

    @Test
    void rejectsMalformedJsonWith400() throws Exception {
        assertProblem(post("demo-merchant", "{\"timestamp\": 1, \"data\": {", null), 400, "invalid-payload");
    }

    @Test
    void rejectsAnOrderWithoutItsTotalWith400AndPublishesNothing() throws Exception {
        String orderId = unique();
        String body = order(orderId, now()).replace("\"total_amount\": 12550,", "");
        assertProblem(post("demo-merchant", body, null), 400, "invalid-payload");
        assertThat(publishedAfterMarker(orderId)).isEmpty();
    }

    @Test
    void rejectsAnUnknownCurrencyWith400AndPublishesNothing() throws Exception {
        String orderId = unique();
        String body = order(orderId, now()).replace("\"USD\"", "\"XYZ\"");
        assertProblem(post("demo-merchant", body, null), 400, "invalid-payload");
        assertThat(publishedAfterMarker(orderId)).isEmpty();
    }

    @Test
    void rejectsAnUnknownMerchantWith404AndPublishesNothing() throws Exception {
        String orderId = unique();
        assertProblem(post("no-such-merchant", order(orderId, now()), null), 404, "unknown-merchant");
        assertThat(publishedAfterMarker(orderId)).isEmpty();
    }

    @Test
    void rejectsAWrongContentTypeWith415AndPublishesNothing() throws Exception {
        String orderId = unique();
        HttpResponse<String> response = send("demo-merchant", order(orderId, now()), "text/plain", true, null);
        assertProblem(response, 415, "unsupported-media-type");
        assertThat(publishedAfterMarker(orderId)).isEmpty();
    }

    @Test
    void exposesHealthProbesAndPrometheusMetrics() throws Exception {
        assertThat(get("/actuator/health/liveness").body()).contains("UP");
        assertThat(get("/actuator/health/readiness").body()).contains("UP");
        post("demo-merchant", order(unique(), now() - 600), null);
        assertThat(get("/actuator/prometheus").body())
                .contains("tracknow_webhooks_total")
                .contains("stale-timestamp");
    }

    private OrderReported publishedOrder(String orderId) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> orders.values(o -> o.getExternalOrderId().equals(orderId)), list -> !list.isEmpty())
                .getFirst();
    }

    /** Sends a valid marker order, waits until it is on the topic, then lists what was published for orderId. */
    private List<OrderReported> publishedAfterMarker(String orderId) throws Exception {
        String marker = unique();
        return AfterMarker.published(
                orders,
                () -> post("demo-merchant", order(marker, now()), null),
                o -> o.getExternalOrderId().equals(marker),
                o -> o.getExternalOrderId().equals(orderId));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.body()).contains("/problems/" + type);
    }

    private HttpResponse<String> post(String merchant, String body, String signature) throws Exception {
        return send(merchant, body, "application/json", true, signature);
    }

    private HttpResponse<String> send(
            String merchant, String body, String contentType, boolean signed, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/webhooks/tiktok/" + merchant))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signed) {
            request.header(
                    "X-TikTok-Signature",
                    signature != null
                            ? signature
                            : HmacSignatures.hex(
                                    HmacSignatures.hmacSha256(SECRET, body.getBytes(StandardCharsets.UTF_8))));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String unique() {
        return "order-" + UUID.randomUUID();
    }

    /** The body with a top-level tts_notification_id given as raw JSON (e.g. {@code ""} or {@code null}). */
    private static String withNotificationId(String body, String rawJson) {
        return body.replaceFirst(
                "\\{", "{\"tts_notification_id\": " + java.util.regex.Matcher.quoteReplacement(rawJson) + ", ");
    }

    private static String order(String orderId, long timestamp) {
        return """
                {"type": "ORDER_STATUS_CHANGE", "timestamp": %d, "shop_id": "12345",
                 "data": {"order_id": "%s", "order_status": 111,
                  "payment": {"total_amount": 12550, "currency": "USD"},
                  "buyer_info": {"email": "Customer@Email.com "},
                  "creator_info": {"creator_id": "tiktok_creator_123"},
                  "promotion_info": [{"promotion_code": "TIKTOK123"}],
                  "tracking_info": {"utm_source": "ABC12345", "click_id": "click_123"},
                  "items": [{"product_id": "prod_123", "quantity": 2, "price": 2500, "sku": "TS-001"}]}}
                """.formatted(timestamp, orderId);
    }
}
