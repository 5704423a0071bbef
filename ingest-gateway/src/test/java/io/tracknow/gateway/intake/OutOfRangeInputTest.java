package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.gateway.AfterMarker;
import io.tracknow.gateway.GatewayTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Numbers no date or long can hold are the sender's mistake: 400 problem, logged and counted with its
 * reason, nothing published (they used to escape as a bare 500 that reached neither log nor metrics).
 */
class OutOfRangeInputTest extends GatewayTestSupport {

    private static final String SECRET = "out-of-range-secret";
    private static final long YEAR_3_BILLION = 99_999_999_999_999_999L;
    private String merchant;

    @BeforeEach
    void merchant() throws Exception {
        merchant = uniqueMerchant();
        configure(merchant, "TIKTOK_SHOP", "{\"secrets\": [\"" + SECRET + "\"], \"scheme\": \"X_TIKTOK_SIGNATURE\"}");
        configure(merchant, "WOOCOMMERCE", "{\"secrets\": [\"" + SECRET + "\"]}");
    }

    @Test
    void refusesATimestampBeyondAnyDateWith400() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        double before = rejected("TIKTOK_SHOP");

        HttpResponse<String> response =
                tiktok(order(orderId, YEAR_3_BILLION, Instant.now().getEpochSecond()));

        assertProblem(response, 400, "invalid-payload");
        assertThat(json(response).path("detail").asString()).contains("out of range");
        assertLoggedAsRejected("TIKTOK_SHOP");
        assertThat(rejected("TIKTOK_SHOP")).isGreaterThan(before);
        assertThat(publishedAfterMarker()).isEmpty();
    }

    @Test
    void refusesAnUpdateTimeBeyondAnyDateWith400() throws Exception {
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> response = tiktok(order("o-" + UUID.randomUUID(), now, YEAR_3_BILLION));

        assertProblem(response, 400, "invalid-payload");
        assertLoggedAsRejected("TIKTOK_SHOP");
        assertThat(publishedAfterMarker()).isEmpty();
    }

    @Test
    void refusesRefundsWhoseSumOverflowsWith400() throws Exception {
        String huge = "{\"id\": %d, \"reason\": \"\", \"total\": \"-90000000000000000.00\"}";
        byte[] body = new String(sample("woocommerce-order-created.json"), StandardCharsets.UTF_8)
                .replace("\"refunds\": []", "\"refunds\": [" + huge.formatted(1) + ", " + huge.formatted(2) + "]")
                .getBytes(StandardCharsets.UTF_8);
        double before = rejected("WOOCOMMERCE");

        HttpResponse<String> response = post(
                "/webhooks/woocommerce/" + merchant,
                body,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-WC-Webhook-Topic",
                        "order.updated",
                        "X-WC-Webhook-Delivery-ID",
                        "d-1",
                        "X-WC-Webhook-Signature",
                        base64Hmac(SECRET, body)));

        assertProblem(response, 400, "invalid-payload");
        assertThat(json(response).path("detail").asString()).contains("out of range");
        assertLoggedAsRejected("WOOCOMMERCE");
        assertThat(rejected("WOOCOMMERCE")).isGreaterThan(before);
        assertThat(publishedAfterMarker()).isEmpty();
    }

    private void assertLoggedAsRejected(String source) throws Exception {
        HttpResponse<String> logs =
                operator("GET", "/admin/webhook-logs?merchant=" + merchant + "&source=" + source, null);
        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
        JsonNode items = json(logs).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("outcome").asString()).isEqualTo("REJECTED");
        assertThat(items.get(0).path("reason").asString()).isEqualTo("invalid-payload");
        assertThat(items.get(0).path("httpStatus").asInt()).isEqualTo(400);
    }

    /** tracknow_webhooks_total for rejected invalid-payload deliveries of the source (0 before the first). */
    private double rejected(String source) throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher line = Pattern.compile(
                        "tracknow_webhooks_total\\{[^}]*outcome=\"rejected\"[^}]*reason=\"invalid-payload\""
                                + "[^}]*source=\"" + source + "\"[^}]*} (\\S+)")
                .matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    /** Every order of this merchant published, judged after a valid TikTok marker order reached the topic. */
    private java.util.List<io.tracknow.events.orders.OrderReported> publishedAfterMarker() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        return AfterMarker.published(
                orders,
                () -> tiktok(order(marker, now, now)),
                o -> o.getExternalOrderId().equals(marker),
                o -> o.getMerchantId().equals(merchant));
    }

    private HttpResponse<String> tiktok(byte[] body) throws Exception {
        return post(
                "/webhooks/tiktok/" + merchant,
                body,
                Map.of("Content-Type", "application/json", "X-TikTok-Signature", hexHmac(SECRET, body)));
    }

    private static byte[] order(String orderId, long timestamp, long updateTime) {
        return utf8("""
                {"type": "ORDER_STATUS_CHANGE", "timestamp": %d, "shop_id": "1",
                 "data": {"order_id": "%s", "order_status": 111, "update_time": %d,
                  "payment": {"total_amount": 4200, "currency": "EUR"},
                  "items": [{"product_id": "p1", "quantity": 1, "price": 4200}]}}
                """.formatted(timestamp, orderId, updateTime));
    }
}
