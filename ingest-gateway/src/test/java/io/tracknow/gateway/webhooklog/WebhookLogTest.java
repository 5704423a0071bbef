package io.tracknow.gateway.webhooklog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.GatewayTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

class WebhookLogTest extends GatewayTestSupport {

    private static final String SECRET = "tiktok-log-secret";

    @Autowired
    DatabaseClient db;

    private String merchant;

    @BeforeEach
    void merchant() throws Exception {
        merchant = uniqueMerchant();
        configure(merchant, "TIKTOK_SHOP", "{\"secrets\": [\"" + SECRET + "\"], \"scheme\": \"X_TIKTOK_SIGNATURE\"}");
    }

    @Test
    void logsAcceptedDuplicateAndRejectedDeliveriesWithTheirReasonDigestAndLatencyButNoSignature() throws Exception {
        byte[] body = order("o-" + UUID.randomUUID());
        assertThat(tiktok(body, hexHmac(SECRET, body)).statusCode()).isEqualTo(200);
        assertThat(tiktok(body, hexHmac(SECRET, body)).statusCode()).isEqualTo(200);
        assertThat(tiktok(body, hexHmac("wrong", body)).statusCode()).isEqualTo(401);

        JsonNode items = logs("merchant=" + merchant).path("items");
        assertThat(items).hasSize(3);
        assertThat(items)
                .extracting(i -> i.path("outcome").asString())
                .containsExactly("REJECTED", "DUPLICATE", "ACCEPTED");
        JsonNode rejected = items.get(0);
        assertThat(rejected.path("reason").asString()).isEqualTo("invalid-signature");
        assertThat(rejected.path("httpStatus").asInt()).isEqualTo(401);
        assertThat(rejected.path("source").asString()).isEqualTo("TIKTOK_SHOP");
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        for (JsonNode item : items) {
            assertThat(item.path("bodySha256").asString()).isEqualTo(sha);
            assertThat(item.path("latencyMs").asLong()).isNotNegative();
            assertThat(item.path("headers").has("content-type")).isTrue();
            assertThat(item.path("headers").has("x-tiktok-signature")).isFalse();
            assertThat(item.path("headers").has("authorization")).isFalse();
        }
        assertThat(items.get(2).path("eventId").asString()).isNotBlank();
        assertThat(items.get(2).path("replayable").asBoolean()).isTrue();
        assertThat(logs("merchant=" + merchant).toString()).doesNotContain(hexHmac(SECRET, body));
    }

    @Test
    void logsRefusalsThatHappenBeforeTheBodyIsRead() throws Exception {
        byte[] body = order("o-" + UUID.randomUUID());
        post(
                "/webhooks/tiktok/" + merchant,
                body,
                Map.of("Content-Type", "text/plain", "X-TikTok-Signature", hexHmac(SECRET, body)));

        JsonNode items = logs("merchant=" + merchant).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("reason").asString()).isEqualTo("unsupported-media-type");
        assertThat(items.get(0).path("httpStatus").asInt()).isEqualTo(415);
        assertThat(items.get(0).path("bodySha256").isNull()).isTrue();
    }

    @Test
    void filtersByOutcomeSourceAndTimeAndPages() throws Exception {
        for (int i = 0; i < 3; i++) {
            byte[] body = order("o-" + UUID.randomUUID());
            assertThat(tiktok(body, hexHmac(SECRET, body)).statusCode()).isEqualTo(200);
        }
        byte[] bad = order("o-" + UUID.randomUUID());
        tiktok(bad, "00");

        assertThat(logs("merchant=" + merchant + "&outcome=rejected").path("items"))
                .hasSize(1);
        assertThat(logs("merchant=" + merchant + "&outcome=ACCEPTED").path("items"))
                .hasSize(3);
        assertThat(logs("merchant=" + merchant + "&source=SHOPIFY").path("items"))
                .isEmpty();
        assertThat(logs("merchant=" + merchant + "&source=TIKTOK_SHOP").path("items"))
                .hasSize(4);
        assertThat(logs("merchant=" + merchant + "&from=" + Instant.now().plusSeconds(60))
                        .path("items"))
                .isEmpty();
        assertThat(logs("merchant=" + merchant + "&to=" + Instant.now().minusSeconds(3600))
                        .path("items"))
                .isEmpty();
        assertThat(logs("merchant=" + merchant + "&from=" + Instant.now().minusSeconds(3600))
                        .path("items"))
                .hasSize(4);

        JsonNode first = logs("merchant=" + merchant + "&size=3&page=0").path("items");
        JsonNode second = logs("merchant=" + merchant + "&size=3&page=1").path("items");
        assertThat(first).hasSize(3);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).path("id").asLong())
                .isLessThan(first.get(2).path("id").asLong());
    }

    @Test
    void refusesTheOperatorApiWithoutTheTokenAndRejectsABadQuery() throws Exception {
        HttpResponse<String> none = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/webhook-logs"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        HttpResponse<String> wrong = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/webhook-logs"))
                        .header("Authorization", "Bearer not-the-token")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(wrong, 401, "unauthorized");
        HttpResponse<String> replay = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/webhook-logs/1/replay"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(replay, 401, "unauthorized");

        assertProblem(operator("GET", "/admin/webhook-logs?size=0", null), 400, "invalid-query");
        assertProblem(operator("GET", "/admin/webhook-logs?from=yesterday", null), 400, "invalid-query");
    }

    @Test
    void replaysAnAcceptedDeliveryWithItsOriginalEventIdSoConsumersDedupeIt() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        byte[] body = order(orderId);
        String eventId =
                json(tiktok(body, hexHmac(SECRET, body))).path("eventId").asString();
        published(merchant, orderId);
        long id = logs("merchant=" + merchant + "&outcome=ACCEPTED")
                .path("items")
                .get(0)
                .path("id")
                .asLong();

        HttpResponse<String> replayed = operator("POST", "/admin/webhook-logs/" + id + "/replay", null);

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json(replayed).path("eventId").asString()).isEqualTo(eventId);
        List<OrderReported> copies = await().atMost(Duration.ofSeconds(30))
                .until(() -> publishedFor(merchant, orderId), list -> list.size() == 2);
        assertThat(copies).extracting(OrderReported::getEventId).containsOnly(eventId);
        assertThat(copies.get(1)).isEqualTo(copies.get(0));
        JsonNode entry =
                logs("merchant=" + merchant + "&outcome=ACCEPTED").path("items").get(0);
        assertThat(entry.path("replayCount").asInt()).isEqualTo(1);
        assertThat(entry.path("lastReplayedAt").isNull()).isFalse();
    }

    @Test
    void storesEachWriterSchemaOnceAndStillReplaysALineThatKeptItsSchemaOnTheRow() throws Exception {
        for (int i = 0; i < 3; i++) {
            byte[] body = order("o-" + UUID.randomUUID());
            assertThat(tiktok(body, hexHmac(SECRET, body)).statusCode()).isEqualTo(200);
        }
        List<String> fingerprints = db.sql("SELECT event_schema_fingerprint AS f FROM webhook_log"
                        + " WHERE merchant_id = :m AND event_schema IS NULL")
                .bind("m", merchant)
                .map(row -> row.get("f", String.class))
                .all()
                .collectList()
                .block();
        assertThat(fingerprints).hasSize(3).doesNotContainNull();
        assertThat(fingerprints).as("one writer schema for the three lines").containsOnly(fingerprints.getFirst());
        assertThat(db.sql("SELECT count(*) AS n FROM webhook_event_schemas WHERE fingerprint = :f")
                        .bind("f", fingerprints.getFirst())
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isEqualTo(1);

        // a line written before V4: its schema on the row, no fingerprint
        String orderId = "o-" + UUID.randomUUID();
        byte[] body = order(orderId);
        String eventId =
                json(tiktok(body, hexHmac(SECRET, body))).path("eventId").asString();
        published(merchant, orderId);
        long id = db.sql("UPDATE webhook_log w SET event_schema = s.schema, event_schema_fingerprint = NULL"
                        + " FROM webhook_event_schemas s WHERE s.fingerprint = w.event_schema_fingerprint"
                        + " AND w.merchant_id = :m AND w.event_id = :e RETURNING w.id")
                .bind("m", merchant)
                .bind("e", eventId)
                .map(row -> row.get("id", Long.class))
                .one()
                .block();

        HttpResponse<String> replayed = operator("POST", "/admin/webhook-logs/" + id + "/replay", null);

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> publishedFor(merchant, orderId), list -> list.size() == 2))
                .extracting(OrderReported::getEventId)
                .containsOnly(eventId);
    }

    @Test
    void refusesToReplayARejectedDeliveryOrAnUnknownEntry() throws Exception {
        byte[] body = order("o-" + UUID.randomUUID());
        tiktok(body, "00");
        long id = logs("merchant=" + merchant).path("items").get(0).path("id").asLong();

        assertProblem(operator("POST", "/admin/webhook-logs/" + id + "/replay", null), 409, "not-replayable");
        assertProblem(
                operator("POST", "/admin/webhook-logs/" + Long.MAX_VALUE + "/replay", null), 404, "unknown-log-entry");
    }

    private JsonNode logs(String query) throws Exception {
        HttpResponse<String> response = operator("GET", "/admin/webhook-logs?" + query, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private HttpResponse<String> tiktok(byte[] body, String signature) throws Exception {
        return post(
                "/webhooks/tiktok/" + merchant,
                body,
                Map.of("Content-Type", "application/json", "X-TikTok-Signature", signature));
    }

    private static byte[] order(String orderId) {
        return utf8("""
                {"type": "ORDER_STATUS_CHANGE", "timestamp": %d, "shop_id": "1",
                 "data": {"order_id": "%s", "order_status": 111, "payment": {"total_amount": 4200, "currency": "EUR"},
                  "items": [{"product_id": "p1", "quantity": 1, "price": 4200}]}}
                """.formatted(Instant.now().getEpochSecond(), orderId));
    }
}
