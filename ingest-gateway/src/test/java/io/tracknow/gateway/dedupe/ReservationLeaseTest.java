package io.tracknow.gateway.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.AfterMarker;
import io.tracknow.gateway.GatewayTestSupport;
import io.tracknow.gateway.publish.EventIds;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A reservation (PUBLISHING receipt) is a lease: one left behind by an attempt that never finished is
 * taken over by the next retry once older than the lease (30 s), while a fresh one still holds retries
 * off; and every attempt of one delivery carries the same eventId.
 */
class ReservationLeaseTest extends GatewayTestSupport {

    private static final String SECRET = "lease-secret";

    @Autowired
    DatabaseClient db;

    private String merchant;

    @BeforeEach
    void merchant() throws Exception {
        merchant = uniqueMerchant();
        configure(merchant, "SHOPIFY", "{\"secrets\": [\"" + SECRET + "\"]}");
    }

    @Test
    void aReservationOlderThanTheLeaseIsTakenOverByOneRetryWhichIsAcceptedAndPublishedOnce() throws Exception {
        String shopifyEventId = UUID.randomUUID().toString();
        reservedSecondsAgo(shopifyEventId, 600); // what a crash between reserve and accept leaves behind

        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racing.add(http.sendAsync(request(shopifyEventId), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers =
                racing.stream().map(CompletableFuture::join).toList();

        assertThat(answers)
                .filteredOn(r -> r.body().contains("\"status\":\"accepted\""))
                .as("one retry takes it over")
                .hasSize(1);
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 503));
        assertThat(send(shopifyEventId).body()).contains("\"duplicate\":true");
        assertThat(state(shopifyEventId)).isEqualTo("ACCEPTED");
        assertThat(publishedAfterMarker(shopifyEventId)).as("published once").hasSize(1);
    }

    @Test
    void aReservationWithinTheLeaseStillAnswers503WithRetryAfterAndPublishesNothing() throws Exception {
        String shopifyEventId = UUID.randomUUID().toString();
        reservedSecondsAgo(shopifyEventId, 5); // another attempt is publishing it right now

        HttpResponse<String> response = send(shopifyEventId);

        assertProblem(response, 503, "temporarily-unavailable");
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(state(shopifyEventId)).isEqualTo("PUBLISHING");
        assertThat(publishedAfterMarker(shopifyEventId)).isEmpty();
    }

    @Test
    void everyAttemptOfOneDeliveryCarriesTheSameEventIdAndAnotherDeliveryAnother() throws Exception {
        String shopifyEventId = UUID.randomUUID().toString();
        HttpResponse<String> first = send(shopifyEventId);
        assertThat(first.body()).contains("\"status\":\"accepted\"");
        // as a timed-out attempt leaves it: receipt released, although the producer may still deliver
        db.sql("DELETE FROM delivery_receipts WHERE merchant_id = :merchant")
                .bind("merchant", merchant)
                .fetch()
                .rowsUpdated()
                .block();
        HttpResponse<String> retry = send(shopifyEventId);
        HttpResponse<String> other = send(UUID.randomUUID().toString());

        String eventId = json(first).path("eventId").asString();
        assertThat(json(retry).path("status").asString()).isEqualTo("accepted");
        assertThat(json(retry).path("eventId").asString())
                .isEqualTo(eventId)
                .isEqualTo(EventIds.forDelivery(merchant, "SHOPIFY", "event:" + shopifyEventId));
        assertThat(json(other).path("eventId").asString()).isNotBlank().isNotEqualTo(eventId);
        assertThat(publishedAfterMarker(shopifyEventId))
                .as("two copies, which consumers dedupe on eventId")
                .extracting(OrderReported::getEventId)
                .containsExactly(eventId, eventId);
    }

    private void reservedSecondsAgo(String shopifyEventId, int seconds) {
        db.sql("INSERT INTO delivery_receipts (merchant_id, source, dedupe_key, event_id, state, reserved_at)"
                        + " VALUES (:merchant, 'SHOPIFY', :key, 'an-earlier-attempt', 'PUBLISHING',"
                        + " now() - make_interval(secs => :age))")
                .bind("merchant", merchant)
                .bind("key", "event:" + shopifyEventId)
                .bind("age", (double) seconds)
                .fetch()
                .rowsUpdated()
                .block();
    }

    private String state(String shopifyEventId) {
        return db.sql("SELECT state FROM delivery_receipts WHERE merchant_id = :merchant AND dedupe_key = :key")
                .bind("merchant", merchant)
                .bind("key", "event:" + shopifyEventId)
                .map(row -> row.get("state", String.class))
                .one()
                .block();
    }

    private List<OrderReported> publishedAfterMarker(String shopifyEventId) throws Exception {
        String marker = UUID.randomUUID().toString();
        return AfterMarker.published(
                orders,
                () -> send(marker),
                o -> marker.equals(o.getDeliveryId()),
                o -> o.getMerchantId().equals(merchant) && shopifyEventId.equals(o.getDeliveryId()));
    }

    private HttpResponse<String> send(String shopifyEventId) throws Exception {
        return http.send(request(shopifyEventId), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String shopifyEventId) throws Exception {
        byte[] body = sample("shopify-orders-paid.json");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/webhooks/shopify/" + merchant))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Shopify-Topic",
                        "orders/paid",
                        "X-Shopify-Event-Id",
                        shopifyEventId,
                        "X-Shopify-Hmac-Sha256",
                        base64Hmac(SECRET, body))
                .forEach(request::header);
        return request.build();
    }
}
