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
import reactor.core.publisher.Mono;

/**
 * The transactional outbox: an event to publish is written in the same database transaction as the
 * state change that caused it, and {@link OutboxRelay} publishes it to Kafka after the commit. So an
 * event is published if and only if its cause was committed, even if Kafka or the service goes down
 * in between.
 */
public class Outbox {

    private final DatabaseClient db;

    public Outbox(DatabaseClient db) {
        this.db = db;
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
            return insert.fetch().rowsUpdated().then();
        });
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
