package io.tracknow.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.common.OrderItem;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service on the real broker, registry and PostgreSQL, driven through its public surface:
 * orders.v1 events and HTTP in, sales.v1 and clicks.v1 out. Subclasses share one application
 * context; each test uses its own merchant so tests cannot see each other's identifiers.
 */
@ServiceIntegrationTest(
        service = "attribution-service",
        classes = AttributionApplication.class,
        properties = {
            AttributionApplication.CONFIG,
            "tracknow.api.operator-token=" + AttributionIntegrationTest.OPERATOR,
            "tracknow.api.merchant-tokens.shop-a=" + AttributionIntegrationTest.SHOP_A_TOKEN,
            "tracknow.attribution.public-base-url=https://trk.example"
        })
public abstract class AttributionIntegrationTest {

    public static final String OPERATOR = "operator-test-token";
    public static final String SHOP_A_TOKEN = "shop-a-test-token";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static TopicProbe<SaleEvent> sales;

    @BeforeAll
    static void openProbes() {
        sales = TopicProbe.avro(Topics.SALES);
    }

    @AfterAll
    static void closeProbes() {
        sales.close();
    }

    @Autowired
    protected Environment environment;

    @Autowired
    protected KafkaTemplate<String, Object> kafka;

    protected final HttpClient http = TestHttp.client();

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- HTTP

    protected String base() {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    protected HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    protected static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.body()).contains("/problems/" + type);
    }

    protected void influencer(String merchant, String id, String extraJson) throws Exception {
        String body = "{\"merchantId\":\"%s\",\"id\":\"%s\",\"displayName\":\"%s\"%s}"
                .formatted(merchant, id, id, extraJson == null ? "" : "," + extraJson);
        ok(send("POST", "/api/influencers", OPERATOR, body), 201);
    }

    protected void creatorIds(String influencer, String... creatorIds) throws Exception {
        ok(
                send(
                        "PUT",
                        "/api/influencers/" + influencer + "/social-accounts",
                        OPERATOR,
                        JSON.writeValueAsString(Map.of("tiktokCreatorIds", List.of(creatorIds)))),
                200);
    }

    protected void promoCode(String influencer, String code) throws Exception {
        ok(
                send(
                        "POST",
                        "/api/influencers/" + influencer + "/promo-codes",
                        OPERATOR,
                        "{\"code\":\"" + code + "\"}"),
                201);
    }

    protected void trackingSettings(String merchant, Integer windowDays, String... domains) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allowedDomains", List.of(domains));
        body.put("attributionWindowDays", windowDays);
        ok(
                send(
                        "PUT",
                        "/api/merchants/" + merchant + "/tracking-settings",
                        OPERATOR,
                        JSON.writeValueAsString(body)),
                200);
    }

    /** A tracking link to https://shop.example/... (the merchant must allow shop.example); returns the short code. */
    protected String link(String merchant, String influencer, String destination) throws Exception {
        JsonNode created = ok(
                send(
                        "POST",
                        "/api/tracking-links",
                        OPERATOR,
                        JSON.writeValueAsString(Map.of(
                                "merchantId", merchant, "influencerId", influencer, "destinationUrl", destination))),
                201);
        return created.path("shortCode").asString();
    }

    /**
     * A new influencer of the merchant, the merchant allowing shop.example, and a tracking link of that
     * influencer to {@code destination}; returns the short code.
     */
    protected String linkedInfluencer(String merchant, String influencer, String destination) throws Exception {
        influencer(merchant, influencer, null);
        trackingSettings(merchant, null, "shop.example");
        return link(merchant, influencer, destination);
    }

    /** Follows a tracking link as a browser would; returns the click id from the cookie. */
    protected String click(String code) throws Exception {
        HttpResponse<String> response = send("GET", "/r/" + code, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    // ---- Kafka

    /** An orders.v1 event as ingest-gateway's TikTokOrderMapper publishes it for the sample TikTok order. */
    protected static OrderReported.Builder order(
            String merchant, String orderId, OrderStatus status, Instant at, AttributionHints.Builder hints) {
        return OrderReported.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setReceivedAt(at)
                .setMerchantId(merchant)
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId(orderId)
                .setStatus(status)
                .setPlatformStatus(status == OrderStatus.PAID ? "111" : status.name())
                .setTotalMinor(12550)
                .setCurrency("USD")
                .setItems(List.of(OrderItem.newBuilder()
                        .setProductId("prod_123")
                        .setSku("TS-001")
                        .setName("T-Shirt Cool")
                        .setQuantity(2)
                        .setUnitPriceMinor(2500)
                        .build()))
                .setHints(hints.build());
    }

    protected static AttributionHints.Builder hints() {
        return AttributionHints.newBuilder();
    }

    protected void publish(OrderReported order) throws Exception {
        kafka.send(
                        Topics.ORDERS.name(),
                        order.getMerchantId() + "|" + order.getSource() + "|" + order.getExternalOrderId(),
                        order)
                .get();
    }

    protected List<SaleEvent> salesOf(String orderId) {
        return sales.values(s -> s.getExternalOrderId().equals(orderId));
    }

    protected List<SaleEvent> awaitSales(String orderId, Predicate<List<SaleEvent>> done) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> salesOf(orderId), done);
    }

    protected SaleEvent awaitFirstSale(String orderId) {
        return awaitSales(orderId, list -> !list.isEmpty()).getFirst();
    }

    /** The decision of the order, as GET /api/attributions answers it. */
    protected JsonNode decision(String merchant, String orderId) throws Exception {
        return ok(send("GET", "/api/attributions/" + merchant + "/" + orderId, OPERATOR, null), 200)
                .get(0);
    }
}
