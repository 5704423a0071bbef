package io.tracknow.messaging.outbox;

import io.tracknow.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * The transactional outbox: an event to publish is written in the same database transaction as the
 * state change that caused it, and {@link OutboxRelay} publishes it to Kafka after the commit. So an
 * event is published if and only if its cause was committed, even if Kafka or the service goes down
 * in between.
 *
 * <p>So that the relay need not wait for its next poll, {@link #add} registers a synchronization on
 * the caller's transaction that calls {@code committed} (the relay's {@link OutboxRelay#wakeUp}) once
 * the transaction has committed; a rolled-back transaction calls nothing. An add outside any
 * transaction (the insert commits on its own) calls it as soon as the insert is done.
 */
public class Outbox {

    private final DatabaseClient db;
    /** One instance per outbox: registered twice in one transaction, it runs once (a set of synchronizations). */
    private final TransactionSynchronization afterCommit;

    private final Runnable committed;

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
        this.committed = committed;
        this.afterCommit = new TransactionSynchronization() {
            @Override
            public Mono<Void> afterCommit() {
                return Mono.fromRunnable(committed);
            }
        };
    }

    /** Adds an event to publish on {@code topic} under the key the topic makes of it; must run inside the caller's transaction. */
    public <V extends SpecificRecord> Mono<Void> add(Topic<V> topic, V event) {
        String key = topic.keyOf(event);
        byte[] payload = encode(event);
        return Mono.deferContextual(context -> {
            DatabaseClient.GenericExecuteSpec insert = db.sql(
                            "INSERT INTO messaging.outbox (topic, message_key, value_class, payload, traceparent)"
                                    + " VALUES (:topic, :key, :valueClass, :payload, :traceparent)")
                    .bind("topic", topic.name())
                    .bind("key", key)
                    .bind("valueClass", event.getClass().getName())
                    .bind("payload", payload);
            insert = context.hasKey(TraceContext.KEY)
                    ? insert.bind("traceparent", context.<String>get(TraceContext.KEY))
                    : insert.bindNull("traceparent", String.class);
            return insert.fetch().rowsUpdated().then(signalAfterCommit());
        });
    }

    private Mono<Void> signalAfterCommit() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                // a transaction without synchronizations: the row waits for the relay's next poll
                .filter(TransactionSynchronizationManager::isSynchronizationActive)
                .doOnNext(transaction -> transaction.registerSynchronization(afterCommit))
                .then()
                // no transaction: the insert has committed by itself
                .onErrorResume(NoTransactionException.class, e -> Mono.fromRunnable(committed));
    }

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
