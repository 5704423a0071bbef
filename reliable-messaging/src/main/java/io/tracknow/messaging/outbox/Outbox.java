package io.tracknow.messaging.outbox;

import io.tracknow.messaging.tx.CommitQueue;
import io.tracknow.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.core.Ordered;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The transactional outbox: an event to publish is written in the same database transaction as the
 * state change that caused it, and {@link OutboxRelay} publishes it to Kafka after the commit. So an
 * event is published if and only if its cause was committed, even if Kafka or the service goes down
 * in between.
 *
 * <p>Inside a transaction, {@link #add} keeps the event with the transaction ({@link CommitQueue}) and
 * writes all of the transaction's events just before it commits, as multi-row inserts of up to
 * {@value #ROWS_PER_INSERT} rows in the order they were added: a consumer applying a poll of a hundred
 * events adds a hundred rows in two statements instead of a hundred. A rolled-back transaction writes
 * nothing. Once the transaction has committed, the synchronization calls {@code committed} (the relay's
 * {@link OutboxRelay#wakeUp}), so the relay need not wait for its next poll. An add outside any
 * transaction (the insert commits on its own) writes at once and calls it as soon as the insert is done.
 *
 * <p>Each row carries the fingerprint of the schema it was written with, and the first transaction of
 * this process that writes rows of a schema also stores the schema's text ({@code messaging.outbox_schemas}),
 * so that a relay running another version of the code reads the row as it was written
 * ({@link OutboxRelay}, {@link WriterSchemas}).
 */
public class Outbox {

    /** Rows per INSERT at commit: bounds the statement's size and the number of its variants. */
    static final int ROWS_PER_INSERT = 50;

    private final DatabaseClient db;
    /** Each transaction's rows, written last at its commit (after any queue that adds events while committing). */
    private final CommitQueue<Row> queue;
    /** Writer schemas whose text a committed transaction of this process stored in messaging.outbox_schemas. */
    private final Set<Long> storedSchemas = ConcurrentHashMap.newKeySet();

    /** An outbox whose rows wait for the relay's poll. */
    public Outbox(DatabaseClient db) {
        this(db, () -> {});
    }

    /**
     * @param committed called after a transaction that added events has committed (from the thread that
     *                  committed it: must not block)
     */
    public Outbox(DatabaseClient db, Runnable committed) {
        this.db = db;
        this.queue = new CommitQueue<>(this::insert, Ordered.LOWEST_PRECEDENCE, transaction -> {}, written -> {
            // the rows' schemas were written in the same transaction: from now on they are there
            written.forEach(row -> storedSchemas.add(row.writerSchema()));
            committed.run();
        });
    }

    /** Adds an event to publish on {@code topic} under the key the topic makes of it; must run inside the caller's transaction. */
    public <V extends SpecificRecord> Mono<Void> add(Topic<V> topic, V event) {
        String key = topic.keyOf(event);
        byte[] payload = encode(event);
        return Mono.deferContextual(context -> queue.add(new Row(
                topic.name(),
                key,
                event.getClass().getName(),
                payload,
                context.hasKey(TraceContext.KEY) ? context.get(TraceContext.KEY) : null,
                WriterSchemas.fingerprint(event.getClass()),
                event.getSchema())));
    }

    /**
     * Makes this transaction's outbox write at commit whatever is added until then, including events
     * added while the transaction commits by a {@link CommitQueue} that runs before the outbox's. Call it
     * inside the transaction, before it starts committing; nothing happens without synchronization.
     */
    public void enlist(TransactionSynchronizationManager transaction) {
        queue.enlist(transaction);
    }

    private Mono<Void> insert(List<Row> rows) {
        List<List<Row>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT)));
        }
        Map<Long, Schema> unstored = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!storedSchemas.contains(row.writerSchema())) {
                unstored.putIfAbsent(row.writerSchema(), row.schema());
            }
        }
        return insertSchemas(unstored)
                .then(Flux.fromIterable(chunks).concatMap(this::insertChunk).then());
    }

    /** The text of schemas this process has not stored yet, with the rows that need them (a repeat changes nothing). */
    private Mono<Void> insertSchemas(Map<Long, Schema> schemas) {
        if (schemas.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder sql =
                new StringBuilder("INSERT INTO messaging.outbox_schemas (fingerprint, schema_text) VALUES ");
        List<Map.Entry<Long, Schema>> entries = List.copyOf(schemas.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("(:f")
                    .append(i)
                    .append(", :s")
                    .append(i)
                    .append(')');
        }
        sql.append(" ON CONFLICT (fingerprint) DO NOTHING");
        DatabaseClient.GenericExecuteSpec insert = db.sql(sql.toString());
        for (int i = 0; i < entries.size(); i++) {
            insert = insert.bind("f" + i, entries.get(i).getKey())
                    .bind("s" + i, entries.get(i).getValue().toString());
        }
        return insert.fetch().rowsUpdated().then();
    }

    private Mono<Long> insertChunk(List<Row> rows) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO messaging.outbox (topic, message_key, value_class, payload, traceparent, writer_schema) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("(:topic")
                    .append(i)
                    .append(", :key")
                    .append(i)
                    .append(", :valueClass")
                    .append(i)
                    .append(", :payload")
                    .append(i)
                    .append(", :traceparent")
                    .append(i)
                    .append(", :writerSchema")
                    .append(i)
                    .append(')');
        }
        DatabaseClient.GenericExecuteSpec insert = db.sql(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            insert = insert.bind("topic" + i, row.topic())
                    .bind("key" + i, row.key())
                    .bind("valueClass" + i, row.valueClass())
                    .bind("payload" + i, row.payload())
                    .bind("writerSchema" + i, row.writerSchema());
            insert = row.traceparent() == null
                    ? insert.bindNull("traceparent" + i, String.class)
                    : insert.bind("traceparent" + i, row.traceparent());
        }
        return insert.fetch().rowsUpdated();
    }

    private record Row(
            String topic,
            String key,
            String valueClass,
            byte[] payload,
            String traceparent,
            long writerSchema,
            Schema schema) {}

    static byte[] encode(SpecificRecord event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getSchema().getFullName(), e);
        }
    }
}
