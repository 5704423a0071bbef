package io.tracknow.gateway.webhooklog;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.gateway.groupcommit.GroupCommit;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook log table. The lines of concurrent deliveries are written by one statement (group
 * commit), together with the accepted ones' receipts. Writing a refusal's line never changes its
 * answer: a failed write is reported in the application log and the answer goes out anyway. An
 * accepted delivery is answered 200 only once its line and receipt are written (see
 * {@link #recordAccepted}), so no accepted delivery is missing from the log.
 */
@Repository
public class WebhookLog {

    private static final Logger log = LoggerFactory.getLogger(WebhookLog.class);
    /** A line with its writer schema: stored on the row before V4, once per schema since (by fingerprint). */
    private static final String COLUMNS = "w.id, w.received_at, w.source, w.merchant_id, w.outcome, w.reason,"
            + " w.http_status, w.headers, w.body_sha256, w.body_bytes, w.latency_ms, w.dedupe_key, w.event_id, w.topic,"
            + " w.event_key, coalesce(w.event_schema, s.schema) AS event_schema, w.event_avro, w.replay_count,"
            + " w.last_replayed_at";

    private static final String FROM =
            " FROM webhook_log w LEFT JOIN webhook_event_schemas s ON s.fingerprint = w.event_schema_fingerprint";

    private final DatabaseClient db;
    private final JsonMapper json;
    private final GroupCommit<Line, Boolean> lines;
    /** Writer schemas this process has stored (by fingerprint); a row names its schema, which is stored once. */
    private final Set<String> storedSchemas = ConcurrentHashMap.newKeySet();

    /** One line to write; {@code accept}: the delivery's receipt is marked accepted in the same statement. */
    private record Line(LogEntry entry, boolean accept) {}

    public WebhookLog(DatabaseClient db, JsonMapper json, GatewayProperties properties) {
        this.db = db;
        this.json = json;
        this.lines = new GroupCommit<>(
                properties.groupCommit().maxBatch(), properties.groupCommit().maxInFlight(), this::writeAll);
    }

    /**
     * Writes a refused, duplicate or ignored delivery's line. A failed write is reported in the application
     * log and does not change the answer (the delivery was refused, or published, before).
     */
    public Mono<Void> record(LogEntry e) {
        return lines.submit(new Line(e, false)).then().onErrorResume(error -> {
            log.error(
                    "could not write the webhook log line of a {} {} delivery for merchant {}: {}",
                    e.outcome(),
                    e.source(),
                    e.merchantId(),
                    error.toString());
            return Mono.empty();
        });
    }

    /**
     * Marks an accepted delivery's receipt ACCEPTED (its event is in Kafka) and writes its line, in one
     * statement shared with the other deliveries of the moment. Fails when that statement fails: the
     * caller then releases the receipt and answers 503, and the sender's retry publishes again under the
     * same eventId (consumers drop the copy).
     */
    public Mono<Void> recordAccepted(LogEntry e) {
        if (e.dedupeKey() == null) {
            return Mono.error(new IllegalArgumentException("an accepted delivery has a dedupe key"));
        }
        return lines.submit(new Line(e, true)).then();
    }

    private Mono<List<Boolean>> writeAll(List<Line> batch) {
        ArrayNode rows = json.createArrayNode();
        ArrayNode schemas = json.createArrayNode();
        Set<String> newSchemas = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Line line = batch.get(i);
            LogEntry e = line.entry();
            ObjectNode row = rows.addObject()
                    .put("ord", i)
                    .put("accept", line.accept())
                    .put("received_at", e.receivedAt().toString())
                    .put("source", e.source())
                    .put("merchant_id", e.merchantId())
                    .put("outcome", e.outcome())
                    .put("reason", e.reason())
                    .put("http_status", e.httpStatus())
                    .put("body_sha256", e.bodySha256())
                    .put("body_bytes", e.bodyBytes())
                    .put("latency_ms", e.latencyMs())
                    .put("dedupe_key", e.dedupeKey())
                    .put("event_id", e.eventId())
                    .put("topic", e.topic())
                    .put("event_key", e.eventKey());
            row.set("headers", json.valueToTree(e.headers()));
            if (e.eventSchema() != null) {
                String fingerprint = EventCodec.fingerprint(e.eventSchema());
                row.put("schema_fingerprint", fingerprint);
                if (!storedSchemas.contains(fingerprint) && newSchemas.add(fingerprint)) {
                    schemas.addObject().put("fingerprint", fingerprint).put("schema", e.eventSchema());
                }
            }
            if (e.eventAvro() != null) {
                row.put("event_avro", Base64.getEncoder().encodeToString(e.eventAvro()));
            }
        }
        return db.sql("WITH line AS (SELECT * FROM jsonb_to_recordset(:rows) AS t(ord int, accept boolean,"
                        + " received_at timestamptz, source text, merchant_id text, outcome text, reason text,"
                        + " http_status int, headers jsonb, body_sha256 text, body_bytes int, latency_ms bigint,"
                        + " dedupe_key text, event_id text, topic text, event_key text, schema_fingerprint text,"
                        + " event_avro text)),"
                        + " schema AS (INSERT INTO webhook_event_schemas (fingerprint, schema)"
                        + " SELECT fingerprint, schema FROM jsonb_to_recordset(:schemas) AS s(fingerprint text, schema text)"
                        + " ON CONFLICT (fingerprint) DO NOTHING),"
                        // the reserved receipts become ACCEPTED through the primary key (ON CONFLICT), whatever the
                        // plan: an UPDATE ... FROM line was planned once, on a table still empty, as a hash join
                        // over a scan of the whole table, and kept that plan for every batch after
                        + " accepted AS (INSERT INTO delivery_receipts AS r (merchant_id, source, dedupe_key, event_id,"
                        + " state) SELECT DISTINCT ON (merchant_id, source, dedupe_key) merchant_id, source, dedupe_key,"
                        + " event_id, 'ACCEPTED' FROM line WHERE accept"
                        + " ON CONFLICT (merchant_id, source, dedupe_key) DO UPDATE SET state = 'ACCEPTED')"
                        + " INSERT INTO webhook_log (received_at, source, merchant_id, outcome, reason, http_status,"
                        + " headers, body_sha256, body_bytes, latency_ms, dedupe_key, event_id, topic, event_key,"
                        + " event_schema_fingerprint, event_avro)"
                        + " SELECT received_at, source, merchant_id, outcome, reason, http_status, headers, body_sha256,"
                        + " body_bytes, latency_ms, dedupe_key, event_id, topic, event_key, schema_fingerprint,"
                        + " decode(event_avro, 'base64') FROM line ORDER BY ord")
                .bind("rows", Json.of(json.writeValueAsString(rows)))
                .bind("schemas", Json.of(json.writeValueAsString(schemas)))
                .fetch()
                .rowsUpdated()
                .map(written -> {
                    storedSchemas.addAll(newSchemas);
                    return Collections.nCopies(batch.size(), Boolean.TRUE);
                });
    }

    public Mono<LogEntry> find(long id) {
        return db.sql("SELECT " + COLUMNS + FROM + " WHERE w.id = :id")
                .bind("id", id)
                .map(this::entry)
                .one();
    }

    /** A page of the log, newest first, narrowed by whichever filters are set. */
    public Mono<List<LogEntry>> search(LogQuery query) {
        List<String> where = new ArrayList<>();
        Map<String, Object> binds = new LinkedHashMap<>();
        if (query.merchant() != null) {
            where.add("w.merchant_id = :merchant");
            binds.put("merchant", query.merchant());
        }
        if (query.source() != null) {
            where.add("w.source = :source");
            binds.put("source", query.source());
        }
        if (query.outcome() != null) {
            where.add("w.outcome = :outcome");
            binds.put("outcome", query.outcome());
        }
        if (query.from() != null) {
            where.add("w.received_at >= :from");
            binds.put("from", query.from().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            where.add("w.received_at < :to");
            binds.put("to", query.to().atOffset(ZoneOffset.UTC));
        }
        String sql = "SELECT " + COLUMNS + FROM
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY w.received_at DESC, w.id DESC LIMIT :limit OFFSET :offset";
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
}
