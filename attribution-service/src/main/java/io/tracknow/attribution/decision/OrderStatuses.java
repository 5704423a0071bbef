package io.tracknow.attribution.decision;

import io.r2dbc.postgresql.codec.Json;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.messaging.tx.PollWrite;
import io.tracknow.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Every (order, status) the shop reported, recorded once whatever its event id: a shop re-sending a
 * status it already sent changes nothing by itself (its refunds are identified separately, see
 * {@link OrderRefunds}). For an event from a producer that predates identified refunds (no refunds[]),
 * its refunded amount is part of the key, as it used to be.
 */
@Repository
class OrderStatuses {

    record Seen(String status, Instant occurredAt, long legacyRefundedMinor) {}

    /**
     * The reports' statuses, inserted unless already there ({@code first}: this report's row is new), and
     * whether the order was reported before ({@code earlier}: a status or a refund, read in the snapshot taken
     * before the insert, so a report's own row is not counted). Parameter {@code :rows}: a JSON array of
     * reports. Each order's earlier reports are looked up on their own through the primary key (a LATERAL
     * subquery with LIMIT 1, which cannot become a join): a join of the input with the tables would be
     * planned, while they are empty, as a scan, and that cached plan kept (docs/architecture.md,
     * "Performance").
     */
    static final String RECORD = "WITH input AS (SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(ord int,"
            + " merchant_id text, source text, external_order_id text, status text, refunded bigint,"
            + " occurred_at timestamptz, event text)),"
            + " added AS (INSERT INTO order_statuses (merchant_id, source, external_order_id, status,"
            + " legacy_refunded_minor, occurred_at, order_event_id) SELECT merchant_id, source, external_order_id,"
            + " status, refunded, occurred_at, event FROM input ORDER BY ord ON CONFLICT DO NOTHING"
            + " RETURNING order_event_id)"
            + " SELECT i.event, a.order_event_id IS NOT NULL AS first,"
            + " (s.found IS NOT NULL OR f.found IS NOT NULL) AS earlier FROM input i"
            + " LEFT JOIN added a ON a.order_event_id = i.event"
            + " LEFT JOIN LATERAL (SELECT 1 AS found FROM order_statuses s WHERE s.merchant_id = i.merchant_id"
            + " AND s.source = i.source AND s.external_order_id = i.external_order_id LIMIT 1) s ON true"
            + " LEFT JOIN LATERAL (SELECT 1 AS found FROM order_refunds f WHERE f.merchant_id = i.merchant_id"
            + " AND f.source = i.source AND f.external_order_id = i.external_order_id LIMIT 1) f ON true";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;
    /** A poll's lone orders recorded together, the others one by one, with {@link #RECORD}. */
    private final PollWrite<OrderReported, Recorded> recorded =
            new PollWrite<>(this::recordAll, OrderReported::getEventId, Topics.ORDERS::keyOf);

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

    /**
     * Records the statuses of the orders a poll reports once, with one statement, before any event of the
     * poll is applied, and keeps what each got for {@link #record} ({@link PollWrite}).
     */
    Mono<Void> prepare(List<OrderReported> orders) {
        return recorded.prepare(orders);
    }

    Mono<Recorded> record(OrderReported order) {
        return recorded.outcome(order);
    }

    /** Records these reports (of different orders, or different statuses) in one statement; by event id. */
    private Mono<Map<String, Recorded>> recordAll(List<OrderReported> orders) {
        ArrayNode rows = JSON.createArrayNode();
        for (int i = 0; i < orders.size(); i++) {
            OrderReported order = orders.get(i);
            rows.addObject()
                    .put("ord", i)
                    .put("merchant_id", order.getMerchantId())
                    .put("source", order.getSource().name())
                    .put("external_order_id", order.getExternalOrderId())
                    .put("status", order.getStatus().name())
                    .put("refunded", order.getRefunds().isEmpty() ? order.getRefundedMinor() : 0)
                    .put("occurred_at", order.getOccurredAt().toString())
                    .put("event", order.getEventId());
        }
        return db.sql(RECORD)
                .bind("rows", Json.of(rows.toString()))
                .map(row -> Map.entry(
                        row.get("event", String.class),
                        new Recorded(
                                Boolean.TRUE.equals(row.get("first", Boolean.class)),
                                Boolean.TRUE.equals(row.get("earlier", Boolean.class)))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
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
