package io.tracknow.attribution.decision;

import io.r2dbc.postgresql.codec.Json;
import io.tracknow.attribution.chain.Candidate;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Attribution decisions, one per order, kept so that anyone can see why a sale went where it went. */
@Repository
public class DecisionStore {

    private static final String COLUMNS = "merchant_id, source, external_order_id, influencer_id, rule, hint_value,"
            + " reason, fraud_flag, last_status, last_occurred_at, order_event_id, decided_at, candidates";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Candidate>> CANDIDATES = new TypeReference<>() {};

    private final DatabaseClient db;

    public DecisionStore(DatabaseClient db) {
        this.db = db;
    }

    /** The decision of an order, locked until the transaction ends so that its statuses apply one at a time. */
    public Mono<Decision> find(String merchantId, String source, String orderId) {
        return db.sql("SELECT " + COLUMNS + " FROM attribution_decisions WHERE merchant_id = :merchant"
                        + " AND source = :source AND external_order_id = :order FOR UPDATE")
                .bind("merchant", merchantId)
                .bind("source", source)
                .bind("order", orderId)
                .map(DecisionStore::read)
                .one();
    }

    public Flux<Decision> forOrder(String merchantId, String orderId) {
        return db.sql("SELECT " + COLUMNS + " FROM attribution_decisions WHERE merchant_id = :merchant"
                        + " AND external_order_id = :order ORDER BY decided_at")
                .bind("merchant", merchantId)
                .bind("order", orderId)
                .map(DecisionStore::read)
                .all();
    }

    public Mono<Void> insert(Decision d) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO attribution_decisions (" + COLUMNS + ") VALUES"
                        + " (:merchant, :source, :order, :influencer, :rule, :hint, :reason, :fraud, :status, :occurred,"
                        + " :eventId, :at, :candidates)")
                .bind("merchant", d.merchantId())
                .bind("source", d.source())
                .bind("order", d.externalOrderId())
                .bind("status", d.lastStatus())
                .bind("occurred", d.lastOccurredAt())
                .bind("eventId", d.orderEventId())
                .bind("at", d.decidedAt())
                .bind("candidates", Json.of(JSON.writeValueAsString(d.candidates())));
        spec = bindNullable(spec, "influencer", d.influencerId());
        spec = bindNullable(spec, "rule", d.rule());
        spec = bindNullable(spec, "hint", d.hintValue());
        spec = bindNullable(spec, "reason", d.reason());
        spec = bindNullable(spec, "fraud", d.fraudFlag());
        return spec.fetch().rowsUpdated().then();
    }

    public Mono<Void> updateStatus(Decision d, String status, Instant occurredAt) {
        return db.sql("UPDATE attribution_decisions SET last_status = :status, last_occurred_at = :occurred"
                        + " WHERE merchant_id = :merchant AND source = :source AND external_order_id = :order")
                .bind("status", status)
                .bind("occurred", occurredAt)
                .bind("merchant", d.merchantId())
                .bind("source", d.source())
                .bind("order", d.externalOrderId())
                .fetch()
                .rowsUpdated()
                .then();
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(
            DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static Decision read(io.r2dbc.spi.Readable row) {
        Json candidates = row.get("candidates", Json.class);
        return new Decision(
                row.get("merchant_id", String.class),
                row.get("source", String.class),
                row.get("external_order_id", String.class),
                row.get("influencer_id", String.class),
                row.get("rule", String.class),
                row.get("hint_value", String.class),
                row.get("reason", String.class),
                row.get("fraud_flag", String.class),
                row.get("last_status", String.class),
                row.get("last_occurred_at", Instant.class),
                row.get("order_event_id", String.class),
                row.get("decided_at", Instant.class),
                candidates == null ? List.of() : JSON.readValue(candidates.asString(), CANDIDATES));
    }
}
