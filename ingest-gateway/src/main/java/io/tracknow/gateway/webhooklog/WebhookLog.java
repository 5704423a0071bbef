package io.tracknow.gateway.webhooklog;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook log table. Writing a line never changes a delivery's answer: the event is already in
 * Kafka (or refused) by then, so a failed write is reported in the application log and the answer
 * goes out anyway.
 */
@Repository
public class WebhookLog {

    private static final Logger log = LoggerFactory.getLogger(WebhookLog.class);
    private static final String COLUMNS = "id, received_at, source, merchant_id, outcome, reason, http_status, headers,"
            + " body_sha256, body_bytes, latency_ms, dedupe_key, event_id, topic, event_key, event_schema, event_avro,"
            + " replay_count, last_replayed_at";

    private final DatabaseClient db;
    private final JsonMapper json;

    public WebhookLog(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<Void> record(LogEntry e) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO webhook_log (received_at, source, merchant_id,"
                        + " outcome, reason, http_status, headers, body_sha256, body_bytes, latency_ms, dedupe_key, event_id,"
                        + " topic, event_key, event_schema, event_avro) VALUES (:receivedAt, :source, :merchant, :outcome,"
                        + " :reason, :status, :headers, :sha, :bytes, :latency, :dedupeKey, :eventId, :topic, :eventKey,"
                        + " :schema, :avro)")
                .bind("receivedAt", e.receivedAt().atOffset(ZoneOffset.UTC))
                .bind("source", e.source())
                .bind("merchant", e.merchantId())
                .bind("outcome", e.outcome())
                .bind("status", e.httpStatus())
                .bind("headers", Json.of(json.writeValueAsString(e.headers())))
                .bind("latency", e.latencyMs());
        insert = bindNullable(insert, "reason", e.reason(), String.class);
        insert = bindNullable(insert, "sha", e.bodySha256(), String.class);
        insert = bindNullable(insert, "bytes", e.bodyBytes(), Integer.class);
        insert = bindNullable(insert, "dedupeKey", e.dedupeKey(), String.class);
        insert = bindNullable(insert, "eventId", e.eventId(), String.class);
        insert = bindNullable(insert, "topic", e.topic(), String.class);
        insert = bindNullable(insert, "eventKey", e.eventKey(), String.class);
        insert = bindNullable(insert, "schema", e.eventSchema(), String.class);
        insert = bindNullable(
                insert,
                "avro",
                e.eventAvro() == null ? null : java.nio.ByteBuffer.wrap(e.eventAvro()),
                java.nio.ByteBuffer.class);
        return insert.fetch().rowsUpdated().then().onErrorResume(error -> {
            log.error(
                    "could not write the webhook log line of a {} {} delivery for merchant {}: {}",
                    e.outcome(),
                    e.source(),
                    e.merchantId(),
                    error.toString());
            return Mono.empty();
        });
    }

    public Mono<LogEntry> find(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM webhook_log WHERE id = :id")
                .bind("id", id)
                .map(this::entry)
                .one();
    }

    /** A page of the log, newest first, narrowed by whichever filters are set. */
    public Mono<List<LogEntry>> search(LogQuery query) {
        List<String> where = new ArrayList<>();
        Map<String, Object> binds = new LinkedHashMap<>();
        if (query.merchant() != null) {
            where.add("merchant_id = :merchant");
            binds.put("merchant", query.merchant());
        }
        if (query.source() != null) {
            where.add("source = :source");
            binds.put("source", query.source());
        }
        if (query.outcome() != null) {
            where.add("outcome = :outcome");
            binds.put("outcome", query.outcome());
        }
        if (query.from() != null) {
            where.add("received_at >= :from");
            binds.put("from", query.from().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            where.add("received_at < :to");
            binds.put("to", query.to().atOffset(ZoneOffset.UTC));
        }
        String sql = "SELECT " + COLUMNS + " FROM webhook_log"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset";
        DatabaseClient.GenericExecuteSpec select =
                db.sql(sql).bind("limit", query.size()).bind("offset", (long) query.page() * query.size());
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            select = select.bind(bind.getKey(), bind.getValue());
        }
        return select.map(this::entry).all().collectList();
    }

    public Mono<Void> markReplayed(long id, Instant at) {
        return db.sql("UPDATE webhook_log SET replay_count = replay_count + 1, last_replayed_at = :at WHERE id = :id")
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .then();
    }

    private LogEntry entry(Readable row) {
        java.nio.ByteBuffer avro = row.get("event_avro", java.nio.ByteBuffer.class);
        byte[] avroBytes = null;
        if (avro != null) {
            avroBytes = new byte[avro.remaining()];
            avro.get(avroBytes);
        }
        OffsetDateTime replayed = row.get("last_replayed_at", OffsetDateTime.class);
        Map<String, String> headers =
                json.readValue(row.get("headers", Json.class).asString(), new TypeReference<>() {});
        return new LogEntry(
                row.get("id", Long.class),
                row.get("received_at", OffsetDateTime.class).toInstant(),
                row.get("source", String.class),
                row.get("merchant_id", String.class),
                row.get("outcome", String.class),
                row.get("reason", String.class),
                row.get("http_status", Integer.class),
                headers,
                row.get("body_sha256", String.class),
                row.get("body_bytes", Integer.class),
                row.get("latency_ms", Long.class),
                row.get("dedupe_key", String.class),
                row.get("event_id", String.class),
                row.get("topic", String.class),
                row.get("event_key", String.class),
                row.get("event_schema", String.class),
                avroBytes,
                row.get("replay_count", Integer.class),
                replayed == null ? null : replayed.toInstant());
    }

    private static <T> DatabaseClient.GenericExecuteSpec bindNullable(
            DatabaseClient.GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }
}
