package io.tracknow.messaging.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
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
     * other replicas out meanwhile).
     */
    private Mono<Integer> publishPending() {
        return db.sql(
                        "DELETE FROM messaging.outbox WHERE id IN (SELECT id FROM messaging.outbox ORDER BY id LIMIT :limit)"
                                + " RETURNING id, topic, message_key, value_class, payload, traceparent")
                .bind("limit", batchSize)
                .map(row -> new Pending(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("value_class", String.class),
                        row.get("payload", byte[].class),
                        row.get("traceparent", String.class)))
                .all()
                // RETURNING keeps no order: the events go out in the order they were added
                .collectSortedList(Comparator.comparingLong(Pending::id))
                .flatMap(rows -> rows.isEmpty()
                        ? Mono.just(0)
                        : Mono.fromCallable(() -> send(rows))
                                // waiting for acks must not hold an R2DBC event-loop thread
                                .subscribeOn(sender()));
    }

    private int send(List<Pending> rows) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (Pending row : rows) {
            Span span = traceContext.continueFrom(row.traceparent(), "outbox publish " + row.topic());
            try (Tracer.SpanInScope scope = traceContext.inScope(span)) {
                acks.add(kafka.send(new ProducerRecord<>(row.topic(), row.key(), decode(row))));
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
        published.increment(rows.size());
        return rows.size();
    }

    /** The relay's own sender thread once started; a batch run by hand before that sends on a bounded-elastic thread. */
    private Scheduler sender() {
        Scheduler scheduler = sender;
        return scheduler == null || scheduler.isDisposed() ? Schedulers.boundedElastic() : scheduler;
    }

    static SpecificRecord decode(Pending row) {
        try {
            Class<?> type = Class.forName(row.valueClass(), true, OutboxRelay.class.getClassLoader());
            Schema schema = SpecificData.get().getSchema(type);
            return new SpecificDatumReader<SpecificRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(row.payload(), null));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("outbox row " + row.id() + " has unknown class " + row.valueClass(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox row " + row.id() + " cannot be decoded", e);
        }
    }

    record Pending(long id, String topic, String key, String valueClass, byte[] payload, String traceparent) {}
}
