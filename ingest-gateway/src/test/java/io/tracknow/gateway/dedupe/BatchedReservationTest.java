package io.tracknow.gateway.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.gateway.GatewayTestSupport;
import io.tracknow.gateway.dedupe.DeliveryReceipts.Key;
import io.tracknow.gateway.dedupe.DeliveryReceipts.Request;
import io.tracknow.gateway.dedupe.DeliveryReceipts.Reservation;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Reservations written together (one statement for a batch of concurrent deliveries) answer each
 * delivery as a reservation of its own would: new, already accepted, in flight, or taken over after the
 * lease; and the same delivery twice in one batch is reserved once.
 */
class BatchedReservationTest extends GatewayTestSupport {

    @Autowired
    DeliveryReceipts receipts;

    @Autowired
    DatabaseClient db;

    @Test
    void everyDeliveryInOneBatchGetsTheAnswerItWouldGetAlone() {
        String merchant = "batch-" + UUID.randomUUID();
        Key fresh = new Key(merchant, "SHOPIFY", "fresh");
        Key twice = new Key(merchant, "SHOPIFY", "twice");
        Key accepted = new Key(merchant, "SHOPIFY", "accepted");
        Key reserved = new Key(merchant, "SHOPIFY", "reserved");
        Key abandoned = new Key(merchant, "SHOPIFY", "abandoned");
        Key otherSource = new Key(merchant, "TIKTOK_SHOP", "fresh");
        insert(accepted, "ACCEPTED", 0);
        insert(reserved, "PUBLISHING", 0);
        insert(abandoned, "PUBLISHING", 600); // older than the 30 s lease: what a crash leaves behind

        List<Reservation> answers = receipts.reserveAll(List.of(
                        new Request(fresh, "e1"),
                        new Request(twice, "e2"),
                        new Request(accepted, "e3"),
                        new Request(twice, "e2"),
                        new Request(reserved, "e4"),
                        new Request(abandoned, "e5"),
                        new Request(otherSource, "e6")))
                .block();

        assertThat(answers)
                .containsExactly(
                        Reservation.NEW,
                        Reservation.NEW,
                        Reservation.ALREADY_ACCEPTED,
                        Reservation.IN_FLIGHT,
                        Reservation.IN_FLIGHT,
                        Reservation.NEW,
                        Reservation.NEW);
        assertThat(db.sql("SELECT count(*) AS n FROM delivery_receipts WHERE merchant_id = :m AND state = 'PUBLISHING'")
                        .bind("m", merchant)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .as("fresh, twice, reserved, abandoned (taken over) and the other source's")
                .isEqualTo(5);
        assertThat(db.sql("SELECT event_id FROM delivery_receipts WHERE merchant_id = :m AND dedupe_key = 'abandoned'")
                        .bind("m", merchant)
                        .map(row -> row.get("event_id", String.class))
                        .one()
                        .block())
                .as("the retry that took the reservation over")
                .isEqualTo("e5");
    }

    private void insert(Key key, String state, int secondsAgo) {
        db.sql("INSERT INTO delivery_receipts (merchant_id, source, dedupe_key, event_id, state, reserved_at)"
                        + " VALUES (:m, :s, :k, 'before', :state, now() - make_interval(secs => :ago))")
                .bind("m", key.merchantId())
                .bind("s", key.source())
                .bind("k", key.dedupeKey())
                .bind("state", state)
                .bind("ago", secondsAgo)
                .fetch()
                .rowsUpdated()
                .block();
    }
}
