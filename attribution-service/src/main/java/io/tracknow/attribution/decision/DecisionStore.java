package io.tracknow.attribution.decision;

import io.r2dbc.postgresql.codec.Json;
import io.tracknow.attribution.chain.Candidate;
import io.tracknow.messaging.tx.CommitQueue;
import java.time.Instant;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Attribution decisions, one per order, kept so that anyone can see why a sale went where it went. */
@Repository
public class DecisionStore {

    private static final String COLUMNS = "merchant_id, source, external_order_id, influencer_id, rule, hint_value,"
            + " reason, fraud_flag, last_status, last_occurred_at, order_event_id, decided_at, candidates";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Candidate>> CANDIDATES = new TypeReference<>() {};

    private final DatabaseClient db;
    private final CommitQueue<Decision> atCommit;

    public DecisionStore(DatabaseClient db) {
        this.db = db;
        this.atCommit = new CommitQueue<>(this::insertAll, Ordered.LOWEST_PRECEDENCE, () -> {});
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

    /** Inserts the decision now, in the caller's transaction. */
    public Mono<Void> insert(Decision d) {
        return insertAll(List.of(d));
    }

    /**
     * Inserts the decision just before the caller's transaction commits, with the transaction's other
     * decisions queued so, in one statement (at once without a transaction). Only for a decision that
     * nothing reads or changes before the commit: {@link #find} does not see it until then.
     */
    public Mono<Void> insertAtCommit(Decision d) {
        return atCommit.add(d);
    }

    private Mono<Void> insertAll(List<Decision> all) {
        ArrayNode rows = JSON.createArrayNode();
        for (Decision d : all) {
            ObjectNode row = rows.addObject();
            row.put("merchant_id", d.merchantId());
            row.put("source", d.source());
            row.put("external_order_id", d.externalOrderId());
            row.put("influencer_id", d.influencerId());
            row.put("rule", d.rule());
            row.put("hint_value", d.hintValue());
            row.put("reason", d.reason());
            row.put("fraud_flag", d.fraudFlag());
            row.put("last_status", d.lastStatus());
            row.put(
                    "last_occurred_at",
                    d.lastOccurredAt() == null ? null : d.lastOccurredAt().toString());
            row.put("order_event_id", d.orderEventId());
            row.put("decided_at", d.decidedAt().toString());
            row.set("candidates", JSON.valueToTree(d.candidates()));
        }
        return db.sql("INSERT INTO attribution_decisions (" + COLUMNS + ") SELECT " + COLUMNS
                        + " FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(merchant_id text, source text,"
                        + " external_order_id text, influencer_id text, rule text, hint_value text, reason text,"
                        + " fraud_flag text, last_status text, last_occurred_at timestamptz, order_event_id text,"
                        + " decided_at timestamptz, candidates jsonb)")
                .bind("rows", Json.of(rows.toString()))
                .fetch()
                .rowsUpdated()
                .then();
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
