package io.tracknow.attribution.decision;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Attribution decisions, one per order, kept so that anyone can see why a sale went where it went. */
@Repository
public class DecisionStore {

    private static final String COLUMNS = "merchant_id, source, external_order_id, influencer_id, rule, hint_value,"
            + " reason, last_status, order_event_id, decided_at";

    private final DatabaseClient db;

    public DecisionStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Decision> find(String merchantId, String source, String orderId) {
        return db.sql("SELECT " + COLUMNS + " FROM attribution_decisions WHERE merchant_id = :merchant"
                        + " AND source = :source AND external_order_id = :order FOR UPDATE")
                .bind("merchant", merchantId).bind("source", source).bind("order", orderId)
                .map(DecisionStore::read).one();
    }

    public Flux<Decision> forOrder(String merchantId, String orderId) {
        return db.sql("SELECT " + COLUMNS + " FROM attribution_decisions WHERE merchant_id = :merchant"
                        + " AND external_order_id = :order ORDER BY decided_at")
                .bind("merchant", merchantId).bind("order", orderId)
                .map(DecisionStore::read).all();
    }

    public Mono<Void> insert(Decision d) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO attribution_decisions (" + COLUMNS + ") VALUES"
                        + " (:merchant, :source, :order, :influencer, :rule, :hint, :reason, :status, :eventId, :at)")
                .bind("merchant", d.merchantId()).bind("source", d.source()).bind("order", d.externalOrderId())
                .bind("status", d.lastStatus()).bind("eventId", d.orderEventId()).bind("at", d.decidedAt());
        spec = bindNullable(spec, "influencer", d.influencerId());
        spec = bindNullable(spec, "rule", d.rule());
        spec = bindNullable(spec, "hint", d.hintValue());
        spec = bindNullable(spec, "reason", d.reason());
        return spec.fetch().rowsUpdated().then();
    }

    public Mono<Void> updateStatus(Decision d, String status) {
        return db.sql("UPDATE attribution_decisions SET last_status = :status WHERE merchant_id = :merchant"
                        + " AND source = :source AND external_order_id = :order")
                .bind("status", status).bind("merchant", d.merchantId()).bind("source", d.source())
                .bind("order", d.externalOrderId())
                .fetch().rowsUpdated().then();
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static Decision read(io.r2dbc.spi.Readable row) {
        return new Decision(row.get("merchant_id", String.class), row.get("source", String.class),
                row.get("external_order_id", String.class), row.get("influencer_id", String.class),
                row.get("rule", String.class), row.get("hint_value", String.class), row.get("reason", String.class),
                row.get("last_status", String.class), row.get("order_event_id", String.class),
                row.get("decided_at", Instant.class));
    }
}
