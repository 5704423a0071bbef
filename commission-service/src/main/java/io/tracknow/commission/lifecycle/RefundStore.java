package io.tracknow.commission.lifecycle;

import io.tracknow.events.common.Refund;
import io.tracknow.events.sales.SaleEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The sale_refunds table: each sale's distinct refunds, unique per (sale, refund id). */
@Repository
class RefundStore {

    private final DatabaseClient db;

    RefundStore(DatabaseClient db) {
        this.db = db;
    }

    Mono<SaleRefunds> load(SaleEvent sale) {
        return db.sql(
                        "SELECT refund_id, amount_minor FROM sale_refunds WHERE merchant_id = :merchant AND source = :source"
                                + " AND external_order_id = :order ORDER BY recorded_at, refund_id")
                .bind("merchant", sale.getMerchantId())
                .bind("source", sale.getSource().name())
                .bind("order", sale.getExternalOrderId())
                .map(row -> Map.entry(row.get("refund_id", String.class), row.get("amount_minor", Long.class)))
                .all()
                .collect(LinkedHashMap<String, Long>::new, (map, e) -> map.put(e.getKey(), e.getValue()))
                .map(SaleRefunds::new);
    }

    /** Records refunds not known yet; one already recorded (a racing replica) is left as it is. */
    Mono<Void> insert(SaleEvent sale, List<Refund> fresh, Instant now) {
        return Flux.fromIterable(fresh)
                .concatMap(refund -> {
                    DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO sale_refunds (merchant_id, source,"
                                    + " external_order_id, refund_id, amount_minor, currency, occurred_at, recorded_at, sale_event_id)"
                                    + " VALUES (:merchant, :source, :order, :refund, :amount, :currency, :occurredAt, :now, :event)"
                                    + " ON CONFLICT DO NOTHING")
                            .bind("merchant", sale.getMerchantId())
                            .bind("source", sale.getSource().name())
                            .bind("order", sale.getExternalOrderId())
                            .bind("refund", refund.getRefundId())
                            .bind("amount", refund.getAmountMinor())
                            .bind("currency", sale.getCurrency())
                            .bind("now", now)
                            .bind("event", sale.getEventId());
                    insert = refund.getOccurredAt() == null
                            ? insert.bindNull("occurredAt", Instant.class)
                            : insert.bind("occurredAt", refund.getOccurredAt());
                    return insert.fetch().rowsUpdated();
                })
                .then();
    }
}
