package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.AfterMarker;
import io.tracknow.gateway.GatewayTestSupport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The refusals every source shares, decided before a body is trusted: 413, 415, 404, 429; and their metrics. */
class BadInputTest extends GatewayTestSupport {

    private static final String SECRET = "bad-input-secret";
    private static final int MIB = 1024 * 1024;
    private String merchant;

    @BeforeEach
    void merchant() throws Exception {
        merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"" + SECRET + "\"]}");
    }

    @Test
    void refusesABodyOverOneMebibyteWith413() throws Exception {
        byte[] big = padded(MIB + 1);
        assertProblem(post(path(), big, headers(big)), 413, "body-too-large");
        assertThat(publishedAfterMarker(merchant)).isEmpty();
    }

    @Test
    void refusesAChunkedBodyThatGrowsOverTheLimitWith413() throws Exception {
        byte[] big = padded(2 * MIB);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path()))
                .header("Content-Type", "application/json")
                .header("X-Shopify-Hmac-Sha256", base64Hmac(SECRET, big))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        assertProblem(http.send(request, HttpResponse.BodyHandlers.ofString()), 413, "body-too-large");
        assertThat(publishedAfterMarker(merchant)).isEmpty();
    }

    @Test
    void acceptsABodyOfExactlyTheLimitPastTheSizeCheck() throws Exception {
        byte[] limit = padded(MIB);
        // not too large: it gets as far as the payload check, which finds no order in it
        assertProblem(post(path(), limit, headers(limit)), 400, "invalid-payload");
        assertThat(publishedAfterMarker(merchant)).isEmpty();
    }

    @Test
    void refusesAWrongOrMissingContentTypeWith415() throws Exception {
        byte[] body = utf8("{}");
        assertProblem(
                post(
                        path(),
                        body,
                        Map.of("Content-Type", "text/plain", "X-Shopify-Hmac-Sha256", base64Hmac(SECRET, body))),
                415,
                "unsupported-media-type");
        assertProblem(
                post(path(), body, Map.of("X-Shopify-Hmac-Sha256", base64Hmac(SECRET, body))),
                415,
                "unsupported-media-type");
        assertThat(publishedAfterMarker(merchant)).isEmpty();
    }

    @Test
    void refusesAnUnknownMerchantOrAnUnconfiguredSourceWith404() throws Exception {
        byte[] order = sample("shopify-orders-paid.json");
        String unknown = uniqueMerchant();
        assertProblem(post("/webhooks/shopify/" + unknown, order, headers(order)), 404, "unknown-merchant");
        assertProblem(post("/webhooks/woocommerce/" + merchant, order, headers(order)), 404, "unknown-merchant");
        assertThat(publishedAfterMarker(unknown, merchant)).isEmpty();
        assertThat(publishedAfterMarker(merchant)).isEmpty();
    }

    @Test
    void limitsEachMerchantAndAnswers429WithRetryAfterWithoutTouchingOtherMerchants() throws Exception {
        byte[] body = utf8("{}");
        for (int i = 0; i < RATE_LIMIT; i++) {
            assertThat(post(path(), body, headers(body)).statusCode())
                    .as("request " + i)
                    .isEqualTo(400);
        }
        HttpResponse<String> limited = post(path(), body, headers(body));

        assertProblem(limited, 429, "rate-limited");
        assertThat(limited.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        String other = uniqueMerchant();
        configure(other, "SHOPIFY", "{\"secrets\": [\"" + SECRET + "\"]}");
        assertThat(post("/webhooks/shopify/" + other, body, headers(body)).statusCode())
                .isEqualTo(400);
        assertThat(publishedAfterMarker(merchant, other)).isEmpty();
    }

    @Test
    void countsOutcomesByReasonAndTimesThem() throws Exception {
        byte[] big = padded(MIB + 1);
        post(path(), big, headers(big));
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();

        assertThat(metrics)
                .containsPattern(
                        "tracknow_webhooks_total\\{[^}]*outcome=\"rejected\"[^}]*reason=\"body-too-large\"[^}]*source=\"SHOPIFY\"");
        assertThat(metrics)
                .containsPattern(
                        "tracknow_webhooks_latency_seconds_bucket\\{[^}]*outcome=\"rejected\"[^}]*source=\"SHOPIFY\"");
        assertThat(metrics).containsPattern("tracknow_webhooks_latency_seconds_count\\{[^}]*source=\"SHOPIFY\"");
    }

    /**
     * What was published for the merchant (other than markers), judged after a marker order of the same
     * merchant reached the topic.
     */
    private List<OrderReported> publishedAfterMarker(String merchant) throws Exception {
        return publishedAfterMarker(merchant, merchant);
    }

    /** The same with the marker sent by another merchant (when this one is rate limited). */
    private List<OrderReported> publishedAfterMarker(String merchant, String markerMerchant) throws Exception {
        byte[] order = sample("shopify-orders-paid.json");
        String marker = "marker-" + UUID.randomUUID();
        return AfterMarker.published(
                orders,
                () -> post(
                        "/webhooks/shopify/" + markerMerchant,
                        order,
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "X-Shopify-Topic",
                                "orders/paid",
                                "X-Shopify-Event-Id",
                                marker,
                                "X-Shopify-Hmac-Sha256",
                                base64Hmac(SECRET, order))),
                o -> marker.equals(o.getDeliveryId()),
                o -> o.getMerchantId().equals(merchant)
                        && (o.getDeliveryId() == null || !o.getDeliveryId().startsWith("marker-")));
    }

    private static byte[] padded(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }

    private static Map<String, String> headers(byte[] body) {
        return Map.of(
                "Content-Type",
                "application/json",
                "X-Shopify-Topic",
                "orders/paid",
                "X-Shopify-Event-Id",
                "e-1",
                "X-Shopify-Hmac-Sha256",
                base64Hmac(SECRET, body));
    }

    private String path() {
        return "/webhooks/shopify/" + merchant;
    }
}
