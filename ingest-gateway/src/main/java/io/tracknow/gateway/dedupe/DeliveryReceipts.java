package io.tracknow.gateway.dedupe;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Remembers each delivery by its dedupe key. A delivery is first reserved (PUBLISHING), then marked
 * ACCEPTED once Kafka acknowledged its event, or released if publishing failed so that the sender's
 * retry is accepted later. Shops without signed timestamps rely on this for replay protection.
 */
@Repository
public class DeliveryReceipts {

    /** What a reservation found. */
    public enum Reservation { NEW, ALREADY_ACCEPTED, IN_FLIGHT }

    private final DatabaseClient db;

    public DeliveryReceipts(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Reservation> reserve(String merchantId, String source, String dedupeKey, String eventId) {
        return db.sql("INSERT INTO delivery_receipts (merchant_id, source, dedupe_key, event_id, state)"
                        + " VALUES (:merchant, :source, :key, :eventId, 'PUBLISHING') ON CONFLICT DO NOTHING")
                .bind("merchant", merchantId).bind("source", source).bind("key", dedupeKey).bind("eventId", eventId)
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 1 ? Mono.just(Reservation.NEW) : existing(merchantId, source, dedupeKey));
    }

    private Mono<Reservation> existing(String merchantId, String source, String dedupeKey) {
        return db.sql("SELECT state FROM delivery_receipts WHERE merchant_id = :merchant AND source = :source"
                        + " AND dedupe_key = :key")
                .bind("merchant", merchantId).bind("source", source).bind("key", dedupeKey)
                .map(row -> "ACCEPTED".equals(row.get("state", String.class))
                        ? Reservation.ALREADY_ACCEPTED : Reservation.IN_FLIGHT)
                .one()
                // released between our insert and our read: the sender's retry will get through
                .defaultIfEmpty(Reservation.IN_FLIGHT);
    }

    /** True when a delivery under this key was already accepted. */
    public Mono<Boolean> accepted(String merchantId, String source, String dedupeKey) {
        return db.sql("SELECT 1 FROM delivery_receipts WHERE merchant_id = :merchant AND source = :source"
                        + " AND dedupe_key = :key AND state = 'ACCEPTED'")
                .bind("merchant", merchantId).bind("source", source).bind("key", dedupeKey)
                .map(row -> true).one().defaultIfEmpty(false);
    }

    public Mono<Void> accept(String merchantId, String source, String dedupeKey) {
        return db.sql("UPDATE delivery_receipts SET state = 'ACCEPTED' WHERE merchant_id = :merchant"
                        + " AND source = :source AND dedupe_key = :key")
                .bind("merchant", merchantId).bind("source", source).bind("key", dedupeKey)
                .fetch().rowsUpdated().then();
    }

    public Mono<Void> release(String merchantId, String source, String dedupeKey) {
        return db.sql("DELETE FROM delivery_receipts WHERE merchant_id = :merchant AND source = :source"
                        + " AND dedupe_key = :key AND state = 'PUBLISHING'")
                .bind("merchant", merchantId).bind("source", source).bind("key", dedupeKey)
                .fetch().rowsUpdated().then();
    }
}
