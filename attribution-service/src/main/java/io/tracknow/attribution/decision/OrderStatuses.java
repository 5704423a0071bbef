package io.tracknow.attribution.decision;

import io.tracknow.events.orders.OrderReported;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Every (order, status) the shop reported, recorded once whatever its event id: a shop re-sending a
 * status it already sent changes nothing by itself (its refunds are identified separately, see
 * {@link OrderRefunds}). For an event from a producer that predates identified refunds (no refunds[]),
 * its refunded amount is part of the key, as it used to be.
 */
@Repository
class OrderStatuses {

    record Seen(String status, Instant occurredAt, long legacyRefundedMinor) {}

    private final DatabaseClient db;

    OrderStatuses(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Records the report's status. {@code first}: the first time this order reaches this status (for a
     * legacy event: with this refunded amount); {@code earlier}: the order had been reported before, with a
     * status or a refund (read in the same statement, before this report's own rows). An order without
     * earlier reports has no decision yet and nothing that could have overtaken its first status.
     */
    record Recorded(boolean first, boolean earlier) {}

    Mono<Recorded> record(OrderReported order) {
        // the outer query reads the snapshot taken before the insert: the row it adds is not counted
        return db.sql("WITH added AS (INSERT INTO order_statuses (merchant_id, source, external_order_id, status,"
                        + " legacy_refunded_minor, occurred_at, order_event_id) VALUES (:merchant, :source, :order,"
                        + " :status, :refunded, :at, :event) ON CONFLICT DO NOTHING RETURNING 1)"
                        + " SELECT EXISTS (SELECT 1 FROM added) AS first,"
                        + " EXISTS (SELECT 1 FROM order_statuses WHERE merchant_id = :merchant AND source = :source"
                        + " AND external_order_id = :order)"
                        + " OR EXISTS (SELECT 1 FROM order_refunds WHERE merchant_id = :merchant AND source = :source"
                        + " AND external_order_id = :order) AS earlier")
                .bind("merchant", order.getMerchantId())
                .bind("source", order.getSource().name())
                .bind("order", order.getExternalOrderId())
                .bind("status", order.getStatus().name())
                .bind("refunded", order.getRefunds().isEmpty() ? order.getRefundedMinor() : 0)
                .bind("at", order.getOccurredAt())
                .bind("event", order.getEventId())
                .map(row -> new Recorded(
                        Boolean.TRUE.equals(row.get("first", Boolean.class)),
                        Boolean.TRUE.equals(row.get("earlier", Boolean.class))))
                .one();
    }

    /** The latest status reported at or after {@code since} (ties: the furthest in the life cycle). */
    Mono<Seen> latestSince(OrderReported order, Instant since) {
        return db.sql(
                        "SELECT status, occurred_at, legacy_refunded_minor FROM order_statuses WHERE merchant_id = :merchant AND source = :source"
                                + " AND external_order_id = :order AND occurred_at >= :since")
                .bind("merchant", order.getMerchantId())
                .bind("source", order.getSource().name())
                .bind("order", order.getExternalOrderId())
                .bind("since", since)
                .map(row -> new Seen(
                        row.get("status", String.class),
                        row.get("occurred_at", Instant.class),
                        row.get("legacy_refunded_minor", Long.class)))
                .all()
                .reduce((a, b) -> later(a, b) ? a : b);
    }

    private static boolean later(Seen a, Seen b) {
        int byTime = a.occurredAt().compareTo(b.occurredAt());
        return byTime != 0 ? byTime > 0 : StatusOrder.rank(a.status()) >= StatusOrder.rank(b.status());
    }
}
