package io.tracknow.messaging.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka in id order, in a transaction that deletes them and commits
 * once the broker acknowledged them (acks=all, idempotent producer). One replica relays at a time: the batch runs under a
 * transaction-scoped PostgreSQL advisory lock, so order per key holds across replicas. A failure
 * rolls the batch back and the relay retries it after the poll interval; consumers are idempotent,
 * so a rare duplicate after a crash between acknowledgement and commit is harmless.
 *
 * <p>The relay is one thread of its own ({@link RelayLoop}). It runs at start, as soon as {@link #wakeUp}
 * is called ({@link Outbox} calls it after a transaction that added rows has committed in this
 * process), and otherwise every {@code pollInterval}, the fallback for rows committed by another
 * replica or left by a crash. Wake-ups coalesce: however many commits arrive while a batch runs, one
 * more run follows it and picks up all their rows. A woken run waits for the advisory lock (the replica holding it may have selected its
 * batch before this commit); a poll only tries it and skips when another replica is relaying.
 *
 * <p>A row is read with the schema it was written with (stored by {@link Outbox}), so rows written by another
 * version of the code are published as written; a row that cannot be read at all is moved to
 * {@code messaging.outbox_parked} (ERROR, {@code tracknow.outbox.parked}) instead of failing its batch for ever.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock id of the relay (any constant, the same in every replica of a service). */
    private static final long LOCK_ID = 0x7472_6163_6b6e_6f77L;

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final KafkaOperations<String, Object> kafka;
    private final TraceContext traceContext;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Counter published;
    private final Counter failures;
    private final Counter parked;
    /** Writer schemas read from messaging.outbox_schemas, by fingerprint (a fingerprint's text never changes). */
    private final Map<Long, Schema> writers = new ConcurrentHashMap<>();

    private final RelayLoop loop;
    /** Where a batch sends and waits for the broker's acknowledgements: not an R2DBC event-loop thread. */
    private volatile Scheduler sender;

    public OutboxRelay(
            DatabaseClient db,
            TransactionalOperator transactions,
            KafkaOperations<String, Object> kafka,
            TraceContext traceContext,
            int batchSize,
            Duration pollInterval,
            Duration sendTimeout,
            MeterRegistry meters) {
        this.db = db;
        this.transactions = transactions;
        this.kafka = kafka;
        this.traceContext = traceContext;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.published = meters.counter("tracknow.outbox.published");
        this.failures = meters.counter("tracknow.outbox.failures");
        this.parked = meters.counter("tracknow.outbox.parked");
        this.loop = new RelayLoop("outbox-relay", pollInterval, this::drain);
    }

    /** Asks for a relay run now; cheap and non-blocking, so it may be called after every commit. */
    public void wakeUp() {
        loop.wakeUp();
    }

    @Override
    public synchronized void start() {
        if (!loop.isRunning()) {
            sender = Schedulers.newSingle("outbox-relay-send", true);
            loop.start();
        }
    }

    /** Lets a running batch finish (bounded by the send timeout), then ends the relay thread. */
    @Override
    public synchronized void stop() {
        if (loop.isRunning()) {
            loop.stop(sendTimeout.plusSeconds(5));
            sender.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /**
     * Starts before and stops after the web server and the listener containers (whose transactions add
     * rows), so that what they committed before shutting down is relayed.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** Relays batches until one is not full; false when a batch failed. */
    private boolean drain(boolean woken) {
        try {
            while (relayBatch(woken) == batchSize && loop.isRunning()) {
                // a full batch: there may be more waiting
            }
            return true;
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("outbox relay failed, will retry: {}", e.toString());
            return false;
        }
    }

    /** Publishes one batch if no other replica is relaying; returns how many events it published. */
    public int relayBatch() {
        return relayBatch(false);
    }

    /**
     * @param waitForLock wait for the replica that holds the lock (rows committed here may have come too
     *                    late for its batch) instead of skipping
     */
    int relayBatch(boolean waitForLock) {
        Mono<Integer> batch = waitForLock
                ? db.sql("SELECT pg_advisory_xact_lock(:lock)")
                        .bind("lock", LOCK_ID)
                        .map(row -> true)
                        .one()
                        .flatMap(locked -> publishPending())
                : db.sql("SELECT pg_try_advisory_xact_lock(:lock) AS locked")
                        .bind("lock", LOCK_ID)
                        .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                        .one()
                        .flatMap(locked -> locked ? publishPending() : Mono.just(0));
        Integer count = transactions.transactional(batch).block(sendTimeout.plusSeconds(30));
        return count == null ? 0 : count;
    }

    /**
     * Takes the oldest rows out of the outbox and publishes them, in one statement: the DELETE returns what
     * it deleted, and a failed send rolls the deletion back with the transaction (the advisory lock keeps
     * other replicas out meanwhile). A row that cannot be read is moved to {@code messaging.outbox_parked} in
     * the same transaction, so that it does not hold back the rows after it; returns how many rows it took.
     */
    private Mono<Integer> publishPending() {
        return db.sql(
                        "DELETE FROM messaging.outbox WHERE id IN (SELECT id FROM messaging.outbox ORDER BY id LIMIT :limit)"
                                + " RETURNING id, topic, message_key, value_class, payload, traceparent, writer_schema, created_at")
                .bind("limit", batchSize)
                .map(row -> new Pending(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("value_class", String.class),
                        row.get("payload", byte[].class),
                        row.get("traceparent", String.class),
                        row.get("writer_schema", Long.class),
                        row.get("created_at", OffsetDateTime.class)))
                .all()
                // RETURNING keeps no order: the events go out in the order they were added
                .collectSortedList(Comparator.comparingLong(Pending::id))
                .flatMap(rows -> rows.isEmpty()
                        ? Mono.just(0)
                        : loadWriters(rows)
                                // decoding, sending and waiting for acks must not hold an R2DBC event-loop thread
                                .then(Mono.fromCallable(() -> send(rows)).subscribeOn(sender()))
                                .flatMapMany(unreadable -> Flux.fromIterable(unreadable))
                                .concatMap(this::park)
                                .then(Mono.just(rows.size())));
    }

    /** Reads the text of the writer schemas of these rows that this relay has not read before. */
    private Mono<Void> loadWriters(List<Pending> rows) {
        Long[] missing = rows.stream()
                .map(Pending::writerSchema)
                .filter(fingerprint -> fingerprint != null && !writers.containsKey(fingerprint))
                .distinct()
                .toArray(Long[]::new);
        if (missing.length == 0) {
            return Mono.empty();
        }
        return db.sql(
                        "SELECT fingerprint, schema_text FROM messaging.outbox_schemas WHERE fingerprint = ANY(:fingerprints)")
                .bind("fingerprints", missing)
                .map(row -> Map.entry(row.get("fingerprint", Long.class), row.get("schema_text", String.class)))
                .all()
                .doOnNext(schema -> writers.put(schema.getKey(), new Schema.Parser().parse(schema.getValue())))
                .then();
    }

    /** Moves a row the relay cannot read out of the way, with the reason; the transaction's commit makes it so. */
    private Mono<Long> park(Unreadable unreadable) {
        Pending row = unreadable.row();
        RuntimeException reason = unreadable.reason();
        log.error(
                "outbox row {} ({} for {}) cannot be read and was moved to messaging.outbox_parked: {}",
                row.id(),
                row.valueClass(),
                row.topic(),
                reason.getMessage());
        parked.increment();
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO messaging.outbox_parked"
                        + " (id, topic, message_key, value_class, payload, traceparent, writer_schema, created_at, reason)"
                        + " VALUES (:id, :topic, :key, :valueClass, :payload, :traceparent, :writerSchema, :createdAt, :reason)"
                        + " ON CONFLICT (id) DO NOTHING")
                .bind("id", row.id())
                .bind("topic", row.topic())
                .bind("key", row.key())
                .bind("valueClass", row.valueClass())
                .bind("payload", row.payload())
                .bind("createdAt", row.createdAt())
                .bind("reason", String.valueOf(reason.getMessage()));
        insert = row.traceparent() == null
                ? insert.bindNull("traceparent", String.class)
                : insert.bind("traceparent", row.traceparent());
        insert = row.writerSchema() == null
                ? insert.bindNull("writerSchema", Long.class)
                : insert.bind("writerSchema", row.writerSchema());
        return insert.fetch().rowsUpdated();
    }

    /**
     * Sends the rows it can read and waits for the broker's acknowledgements; returns those it cannot read,
     * for {@link #park}.
     */
    private List<Unreadable> send(List<Pending> rows) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        List<Unreadable> unreadable = new ArrayList<>();
        for (Pending row : rows) {
            SpecificRecord value;
            try {
                value = decode(row, writers::get);
            } catch (RuntimeException e) {
                unreadable.add(new Unreadable(row, e));
                continue;
            }
            Span span = traceContext.continueFrom(row.traceparent(), "outbox publish " + row.topic());
            try (Tracer.SpanInScope scope = traceContext.inScope(span)) {
                acks.add(kafka.send(new ProducerRecord<>(row.topic(), row.key(), value)));
            } finally {
                if (span != null) {
                    span.end();
                }
            }
        }
        // the whole batch is appended: send it now rather than after the producer's linger.ms (5 ms by
        // default since Kafka 4.0); this producer is shared, flush makes others' records sendable too
        kafka.flush();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(sendTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        published.increment(acks.size());
        return unreadable;
    }

    /** The relay's own sender thread once started; a batch run by hand before that sends on a bounded-elastic thread. */
    private Scheduler sender() {
        Scheduler scheduler = sender;
        return scheduler == null || scheduler.isDisposed() ? Schedulers.boundedElastic() : scheduler;
    }

    /**
     * The row's event as this code's class, read with the schema the row was written with ({@code writers}, by
     * fingerprint) when that is another one: Avro resolves the two (a field added since takes its default, a
     * field removed since is skipped). A row without a fingerprint (written before they were kept) is read with
     * this code's schema.
     */
    static SpecificRecord decode(Pending row, Function<Long, Schema> writers) {
        Class<?> type;
        try {
            type = Class.forName(row.valueClass(), true, OutboxRelay.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("outbox row " + row.id() + " has unknown class " + row.valueClass(), e);
        }
        Schema reader = SpecificData.get().getSchema(type);
        Schema writer = reader;
        if (row.writerSchema() != null && row.writerSchema() != WriterSchemas.fingerprint(type)) {
            writer = writers.apply(row.writerSchema());
            if (writer == null) {
                throw new IllegalStateException("outbox row " + row.id() + " was written with schema "
                        + Long.toHexString(row.writerSchema()) + ", which messaging.outbox_schemas does not hold");
            }
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(row.payload(), null);
            SpecificRecord value = new SpecificDatumReader<SpecificRecord>(writer, reader).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left after the record");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "outbox row " + row.id() + " cannot be decoded as " + row.valueClass() + ": " + e, e);
        }
    }

    record Unreadable(Pending row, RuntimeException reason) {}

    record Pending(
            long id,
            String topic,
            String key,
            String valueClass,
            byte[] payload,
            String traceparent,
            Long writerSchema,
            OffsetDateTime createdAt) {}
}
