package io.tracknow.attribution.decision;

import io.tracknow.events.common.Refund;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.messaging.kafka.InvalidEventException;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The refunds each order reported, once per refund id whatever the event that carried them: the
 * identity of a refund is its id, never its amount, so two refunds of 30.00 are two and the same refund
 * reported by a refund webhook and again by an order update is one. The amount first recorded stands.
 */
@Repository
class OrderRefunds {

    static final int MAX_ID_LENGTH = 255;

    private final DatabaseClient db;

    OrderRefunds(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Records the order's refunds not seen before; emits how many were new.
     *
     * @throws InvalidEventException for a refund without an id, with an id over 255 characters or a
     *                               negative amount (the event goes to the DLQ)
     */
    Mono<Long> record(OrderReported order) {
        for (Refund refund : order.getRefunds()) {
            String id = refund.getRefundId();
            if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || refund.getAmountMinor() < 0) {
                return Mono.error(new InvalidEventException("order " + order.getEventId() + " has a refund without a"
                        + " 1 to " + MAX_ID_LENGTH + " character id or with a negative amount: " + refund));
            }
        }
        return Flux.fromIterable(order.getRefunds())
                .concatMap(refund -> {
                    DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO order_refunds (merchant_id, source,"
                                    + " external_order_id, refund_id, amount_minor, occurred_at, order_event_id) VALUES (:merchant,"
                                    + " :source, :order, :refund, :amount, :at, :event) ON CONFLICT DO NOTHING")
                            .bind("merchant", order.getMerchantId())
                            .bind("source", order.getSource().name())
                            .bind("order", order.getExternalOrderId())
                            .bind("refund", refund.getRefundId())
                            .bind("amount", refund.getAmountMinor())
                            .bind("event", order.getEventId());
                    insert = refund.getOccurredAt() == null
                            ? insert.bindNull("at", Instant.class)
                            : insert.bind("at", refund.getOccurredAt());
                    return insert.fetch().rowsUpdated();
                })
                .reduce(0L, Long::sum);
    }

    /** Every refund recorded for the order, in the order they were first reported. */
    Mono<List<Refund>> all(OrderReported order) {
        return db.sql("SELECT refund_id, amount_minor, occurred_at FROM order_refunds WHERE merchant_id = :merchant"
                        + " AND source = :source AND external_order_id = :order ORDER BY recorded_at, refund_id")
                .bind("merchant", order.getMerchantId())
                .bind("source", order.getSource().name())
                .bind("order", order.getExternalOrderId())
                .map(row -> Refund.newBuilder()
                        .setRefundId(row.get("refund_id", String.class))
                        .setAmountMinor(row.get("amount_minor", Long.class))
                        .setOccurredAt(row.get("occurred_at", Instant.class))
                        .build())
                .all()
                .collectList();
    }
}
