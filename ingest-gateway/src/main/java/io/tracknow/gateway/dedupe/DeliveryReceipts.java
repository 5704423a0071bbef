package io.tracknow.gateway.dedupe;

import io.tracknow.gateway.config.GatewayProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Remembers each delivery by its dedupe key. A delivery is first reserved (PUBLISHING), then marked
 * ACCEPTED once Kafka acknowledged its event, or released if publishing failed so that the sender's
 * retry is accepted later. Shops without signed timestamps rely on this for replay protection.
 * A reservation is a lease: one older than {@code reservation-lease} was left by an attempt that
 * never finished (cancelled mid-way, or its gateway died), and the next retry takes it over, in the
 * same statement that checks its age, so of two racing retries only one does. The database's clock
 * decides the age, so replicas with skewed clocks agree.
 */
@Repository
public class DeliveryReceipts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

    /** What a reservation found. */
    public enum Reservation {
        NEW,
        ALREADY_ACCEPTED,
        IN_FLIGHT
    }

    private final DatabaseClient db;
    private final Duration lease;

    public DeliveryReceipts(DatabaseClient db, GatewayProperties properties) {
        this.db = db;
        this.lease = properties.reservationLease();
    }

    public Mono<Reservation> reserve(String merchantId, String source, String dedupeKey, String eventId) {
        // xmax = 0 only for a freshly inserted row; a row taken over was updated. No row: the key exists
        // and is either accepted or reserved within its lease.
        return db.sql(
                        "INSERT INTO delivery_receipts AS r (merchant_id, source, dedupe_key, event_id, state, reserved_at)"
                                + " VALUES (:merchant, :source, :key, :eventId, 'PUBLISHING', now())"
                                + " ON CONFLICT (merchant_id, source, dedupe_key) DO UPDATE"
                                + " SET event_id = EXCLUDED.event_id, reserved_at = now()"
                                + " WHERE r.state = 'PUBLISHING' AND r.reserved_at < now() - make_interval(secs => :lease)"
                                + " RETURNING (r.xmax = 0) AS inserted")
                .bind("merchant", merchantId)
                .bind("source", source)
                .bind("key", dedupeKey)
                .bind("eventId", eventId)
                .bind("lease", lease.toMillis() / 1000.0)
                .map(row -> Boolean.TRUE.equals(row.get("inserted", Boolean.class)))
                .all()
                .collectList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return existing(merchantId, source, dedupeKey);
                    }
                    if (!rows.getFirst()) {
                        log.warn(
                                "{} delivery {} of merchant {} was reserved for longer than the lease ({}) without an"
                                        + " answer; this retry takes it over",
                                source,
                                dedupeKey,
                                merchantId,
                                lease);
                    }
                    return Mono.just(Reservation.NEW);
                });
    }

    private Mono<Reservation> existing(String merchantId, String source, String dedupeKey) {
        return db.sql("SELECT state FROM delivery_receipts WHERE merchant_id = :merchant AND source = :source"
                        + " AND dedupe_key = :key")
                .bind("merchant", merchantId)
                .bind("source", source)
                .bind("key", dedupeKey)
                .map(row -> "ACCEPTED".equals(row.get("state", String.class))
                        ? Reservation.ALREADY_ACCEPTED
                        : Reservation.IN_FLIGHT)
                .one()
                // released between our insert and our read: the sender's retry will get through
                .defaultIfEmpty(Reservation.IN_FLIGHT);
    }

    /** True when a delivery under this key was already accepted. */
    public Mono<Boolean> accepted(String merchantId, String source, String dedupeKey) {
        return db.sql("SELECT 1 FROM delivery_receipts WHERE merchant_id = :merchant AND source = :source"
                        + " AND dedupe_key = :key AND state = 'ACCEPTED'")
                .bind("merchant", merchantId)
                .bind("source", source)
                .bind("key", dedupeKey)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    public Mono<Void> accept(String merchantId, String source, String dedupeKey) {
        return db.sql("UPDATE delivery_receipts SET state = 'ACCEPTED' WHERE merchant_id = :merchant"
                        + " AND source = :source AND dedupe_key = :key")
                .bind("merchant", merchantId)
                .bind("source", source)
                .bind("key", dedupeKey)
                .fetch()
                .rowsUpdated()
                .then();
    }

    public Mono<Void> release(String merchantId, String source, String dedupeKey) {
        return db.sql("DELETE FROM delivery_receipts WHERE merchant_id = :merchant AND source = :source"
                        + " AND dedupe_key = :key AND state = 'PUBLISHING'")
                .bind("merchant", merchantId)
                .bind("source", source)
                .bind("key", dedupeKey)
                .fetch()
                .rowsUpdated()
                .then();
    }
}
