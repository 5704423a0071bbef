package io.tracknow.gateway.dedupe;

import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.gateway.groupcommit.GroupCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Remembers each delivery by its dedupe key. A delivery is first reserved (PUBLISHING), then marked
 * ACCEPTED once Kafka acknowledged its event (by the statement that writes its webhook-log line,
 * {@code WebhookLog.recordAccepted}), or released if publishing failed so that the sender's
 * retry is accepted later. Shops without signed timestamps rely on this for replay protection.
 * A reservation is a lease: one older than {@code reservation-lease} was left by an attempt that
 * never finished (cancelled mid-way, or its gateway died), and the next retry takes it over, in the
 * same statement that checks its age, so of two racing retries only one does. The database's clock
 * decides the age, so replicas with skewed clocks agree. Reservations made at the same time share one
 * statement (group commit); a delivery whose twin is in the same batch is told it is in flight.
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
    private final GroupCommit<Request, Reservation> reservations;

    public DeliveryReceipts(DatabaseClient db, GatewayProperties properties) {
        this.db = db;
        this.lease = properties.reservationLease();
        this.reservations = new GroupCommit<>(
                properties.groupCommit().maxBatch(), properties.groupCommit().maxInFlight(), this::reserveAll);
    }

    /**
     * Reserves a delivery for publishing. Concurrent reservations are written together, one statement
     * for all of them ({@link GroupCommit}).
     */
    public Mono<Reservation> reserve(String merchantId, String source, String dedupeKey, String eventId) {
        return reservations.submit(new Request(new Key(merchantId, source, dedupeKey), eventId));
    }

    /** A delivery's identity: what the receipts table's primary key holds. */
    record Key(String merchantId, String source, String dedupeKey) {}

    record Request(Key key, String eventId) {}

    /** One statement for a batch of reservations, one answer per request in its order. */
    Mono<List<Reservation>> reserveAll(List<Request> requests) {
        // one row per key: a key twice in one statement is an error for ON CONFLICT DO UPDATE; the repeats
        // are the same delivery arriving twice at once, and the first one in the batch takes it
        Map<Key, Request> first = new LinkedHashMap<>();
        for (Request request : requests) {
            first.putIfAbsent(request.key(), request);
        }
        List<Request> distinct = List.copyOf(first.values());
        // xmax = 0 only for a freshly inserted row; a row taken over was updated. A key with no row back
        // exists and is either accepted or reserved within its lease.
        return db.sql(
                        "INSERT INTO delivery_receipts AS r (merchant_id, source, dedupe_key, event_id, state, reserved_at)"
                                + " SELECT m, s, k, e, 'PUBLISHING', now()"
                                + " FROM unnest(:merchants::text[], :sources::text[], :keys::text[], :eventIds::text[]) AS t(m, s, k, e)"
                                + " ON CONFLICT (merchant_id, source, dedupe_key) DO UPDATE"
                                + " SET event_id = EXCLUDED.event_id, reserved_at = now()"
                                + " WHERE r.state = 'PUBLISHING' AND r.reserved_at < now() - make_interval(secs => :lease)"
                                + " RETURNING r.merchant_id, r.source, r.dedupe_key, (r.xmax = 0) AS inserted")
                .bind(
                        "merchants",
                        distinct.stream().map(r -> r.key().merchantId()).toArray(String[]::new))
                .bind("sources", distinct.stream().map(r -> r.key().source()).toArray(String[]::new))
                .bind("keys", distinct.stream().map(r -> r.key().dedupeKey()).toArray(String[]::new))
                .bind("eventIds", distinct.stream().map(Request::eventId).toArray(String[]::new))
                .bind("lease", lease.toMillis() / 1000.0)
                .map(row -> Map.entry(
                        new Key(
                                row.get("merchant_id", String.class),
                                row.get("source", String.class),
                                row.get("dedupe_key", String.class)),
                        Boolean.TRUE.equals(row.get("inserted", Boolean.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(reserved -> {
                    List<Key> taken = distinct.stream()
                            .map(Request::key)
                            .filter(key -> !reserved.containsKey(key))
                            .toList();
                    return states(taken).map(states -> {
                        List<Reservation> answers = new ArrayList<>(requests.size());
                        Set<Key> answered = new HashSet<>();
                        for (Request request : requests) {
                            Key key = request.key();
                            boolean firstOfKey = answered.add(key);
                            Boolean inserted = reserved.get(key);
                            if (inserted != null) {
                                if (!inserted && firstOfKey) {
                                    log.warn(
                                            "{} delivery {} of merchant {} was reserved for longer than the lease ({})"
                                                    + " without an answer; this retry takes it over",
                                            key.source(),
                                            key.dedupeKey(),
                                            key.merchantId(),
                                            lease);
                                }
                                answers.add(firstOfKey ? Reservation.NEW : Reservation.IN_FLIGHT);
                            } else {
                                // released between our insert and our read: the sender's retry will get through
                                answers.add(states.getOrDefault(key, Reservation.IN_FLIGHT));
                            }
                        }
                        return answers;
                    });
                });
    }

    /** What the receipts of these keys say now: accepted, or reserved by another attempt. */
    private Mono<Map<Key, Reservation>> states(List<Key> keys) {
        if (keys.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT r.merchant_id, r.source, r.dedupe_key, r.state FROM delivery_receipts r"
                        + " JOIN unnest(:merchants::text[], :sources::text[], :keys::text[]) AS t(m, s, k)"
                        + " ON r.merchant_id = t.m AND r.source = t.s AND r.dedupe_key = t.k")
                .bind("merchants", keys.stream().map(Key::merchantId).toArray(String[]::new))
                .bind("sources", keys.stream().map(Key::source).toArray(String[]::new))
                .bind("keys", keys.stream().map(Key::dedupeKey).toArray(String[]::new))
                .map(row -> Map.entry(
                        new Key(
                                row.get("merchant_id", String.class),
                                row.get("source", String.class),
                                row.get("dedupe_key", String.class)),
                        "ACCEPTED".equals(row.get("state", String.class))
                                ? Reservation.ALREADY_ACCEPTED
                                : Reservation.IN_FLIGHT))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
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
