package io.tracknow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.testapp.MessagingTestApplication;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Outbox rows written by another version of the code: read with the schema that wrote them, and a row
 * that cannot be read at all is moved aside instead of holding back the rows after it. The relay polls
 * once an hour here, so only {@link OutboxRelay#relayBatch} publishes (a database of its own, so that no
 * other context's relay takes these rows).
 */
@ServiceIntegrationTest(
        service = "messaging-test",
        classes = MessagingTestApplication.class,
        properties = {
            "spring.application.name=messaging-schema-change-test",
            "spring.flyway.locations=classpath:db/messaging-test",
            "tracknow.db.name=${tracknow.test.schema-change-database}",
            "tracknow.messaging.outbox.poll-interval=1h",
            "spring.kafka.listener.auto-startup=false"
        })
class OutboxSchemaChangeTest {

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void ownDatabase() {
        OutboxTests.ownDatabase("messaging_schema_change_", "tracknow.test.schema-change-database");
    }

    /** NotificationSent as it was before {@code attempts} (its last field, default 0) was added. */
    private static Schema withoutAttempts() {
        Schema current = NotificationSent.getClassSchema();
        List<Schema.Field> fields = current.getFields().stream()
                .filter(f -> !f.name().equals("attempts"))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static byte[] encode(NotificationSent event, Schema writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        // the generated class's model carries its conversions (Instant); fields are taken by position
        new SpecificDatumWriter<NotificationSent>(writer, SpecificData.getForClass(NotificationSent.class))
                .write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private void insertRow(String key, String valueClass, byte[] payload, Long writerSchema) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO messaging.outbox"
                        + " (topic, message_key, value_class, payload, writer_schema) VALUES (:t, :k, :c, :p, :w)")
                .bind("t", Topics.NOTIFICATIONS.name())
                .bind("k", key)
                .bind("c", valueClass)
                .bind("p", payload);
        insert = writerSchema == null ? insert.bindNull("w", Long.class) : insert.bind("w", writerSchema);
        insert.fetch().rowsUpdated().block();
    }

    @Test
    void anEventAddedNowCarriesItsSchemaWhichIsStoredOnce() {
        String influencer = "stored-" + UUID.randomUUID();
        transactions
                .transactional(outbox.add(Topics.NOTIFICATIONS, OutboxTests.note(influencer, "a")))
                .block();
        transactions
                .transactional(outbox.add(Topics.NOTIFICATIONS, OutboxTests.note(influencer, "b")))
                .block();

        long fingerprint = WriterSchemas.fingerprint(NotificationSent.getClassSchema());
        assertThat(db.sql("SELECT writer_schema FROM messaging.outbox WHERE message_key = :k")
                        .bind("k", influencer)
                        .map(row -> row.get("writer_schema", Long.class))
                        .all()
                        .collectList()
                        .block())
                .containsExactly(fingerprint, fingerprint);
        String stored = db.sql("SELECT schema_text FROM messaging.outbox_schemas WHERE fingerprint = :f")
                .bind("f", fingerprint)
                .map(row -> row.get("schema_text", String.class))
                .one()
                .block();
        assertThat(new Schema.Parser().parse(stored)).isEqualTo(NotificationSent.getClassSchema());
    }

    @Test
    void aRowWrittenWithAnOlderSchemaIsReadWithIt() throws IOException {
        String influencer = "older-" + UUID.randomUUID();
        Schema older = withoutAttempts();
        long olderFingerprint = WriterSchemas.fingerprint(older);
        db.sql("INSERT INTO messaging.outbox_schemas (fingerprint, schema_text) VALUES (:f, :s)")
                .bind("f", olderFingerprint)
                .bind("s", older.toString())
                .fetch()
                .rowsUpdated()
                .block();
        NotificationSent written = OutboxTests.note(influencer, "older");
        written.setAttempts(7); // not in the older schema: not written
        insertRow(influencer, NotificationSent.class.getName(), encode(written, older), olderFingerprint);

        try (TopicProbe<NotificationSent> notes = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            relay.relayBatch();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !notes.values(n -> n.getInfluencerId().equals(influencer))
                            .isEmpty());
            NotificationSent published =
                    notes.values(n -> n.getInfluencerId().equals(influencer)).getFirst();
            assertThat(published.getTemplate()).isEqualTo("older");
            assertThat(published.getNotificationId()).isEqualTo(written.getNotificationId());
            assertThat(published.getAttempts())
                    .as("the field added since takes its default")
                    .isZero();
        }
        assertThat(parked(influencer)).isEmpty();
    }

    @Test
    void aRowThatCannotBeReadIsParkedAndTheRowsAfterItArePublished() throws IOException {
        String influencer = "parked-" + UUID.randomUUID();
        double parkedBefore = meters.counter("tracknow.outbox.parked").count();
        insertRow(influencer, NotificationSent.class.getName(), new byte[] {1, 2, 3}, null);
        insertRow(influencer, "io.tracknow.events.NoSuchEvent", Outbox.encode(OutboxTests.note(influencer, "x")), null);
        insertRow(influencer, NotificationSent.class.getName(), Outbox.encode(OutboxTests.note(influencer, "y")), 42L);
        NotificationSent after = OutboxTests.note(influencer, "after");
        insertRow(
                influencer,
                NotificationSent.class.getName(),
                Outbox.encode(after),
                WriterSchemas.fingerprint(NotificationSent.getClassSchema()));

        try (TopicProbe<NotificationSent> notes = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            relay.relayBatch();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !notes.values(n -> n.getInfluencerId().equals(influencer))
                            .isEmpty());
            assertThat(notes.values(n -> n.getInfluencerId().equals(influencer)))
                    .extracting(NotificationSent::getTemplate)
                    .containsExactly("after");
        }
        assertThat(parked(influencer))
                .hasSize(3)
                .anySatisfy(reason -> assertThat(reason).contains("cannot be decoded"))
                .anySatisfy(reason -> assertThat(reason).contains("unknown class io.tracknow.events.NoSuchEvent"))
                .anySatisfy(reason -> assertThat(reason).contains("which messaging.outbox_schemas does not hold"));
        assertThat(meters.counter("tracknow.outbox.parked").count()).isEqualTo(parkedBefore + 3);
        assertThat(db.sql("SELECT count(*) AS n FROM messaging.outbox WHERE message_key = :k")
                        .bind("k", influencer)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isZero();
    }

    private List<String> parked(String key) {
        return db.sql("SELECT reason FROM messaging.outbox_parked WHERE message_key = :k ORDER BY id")
                .bind("k", key)
                .map(row -> row.get("reason", String.class))
                .all()
                .collectList()
                .block();
    }
}
