package io.tracknow.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.events.clicks.LinkClicked;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.kafka.AvroSerde;
import io.tracknow.messaging.listen.TopicListeners;
import io.tracknow.messaging.testapp.MessagingTestApplication;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TestInfra;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

@ServiceIntegrationTest(
        service = "messaging-test",
        classes = MessagingTestApplication.class,
        properties = {"spring.application.name=messaging-test", "spring.flyway.locations=classpath:db/messaging-test"})
class ReliableMessagingTest {

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    DatabaseClient db;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TopicListeners listeners;

    @Test
    void runsOnTheSharedBrokerAndRegistryAndItsOwnDatabaseWithTheTestsPropertiesWinning(
            @Autowired org.springframework.core.env.Environment environment) {
        assertThat(environment.getProperty("tracknow.db.name"))
                .isEqualTo(TestInfra.infra().database("messaging-test"));
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(TestInfra.infra().kafka().bootstrapServers());
        assertThat(environment.getProperty("tracknow.messaging.registry-url"))
                .isEqualTo(TestInfra.infra().registry().apiUrl());
        assertThat(environment.getProperty("tracknow.messaging.outbox.poll-interval"))
                .isEqualTo("50ms");
        assertThat(environment.getProperty("spring.application.name"))
                .as("an inlined property of the test")
                .isEqualTo("messaging-test");
        String current = db.sql("SELECT current_database() AS name")
                .map(row -> row.get("name", String.class))
                .one()
                .block();
        assertThat(current).isEqualTo(TestInfra.infra().database("messaging-test"));
    }

    @Test
    void appliesAnEventOnceWhenItIsDeliveredTwice() throws Exception {
        LinkClicked click = click("twice-" + UUID.randomUUID());
        double duplicatesBefore = duplicates();

        kafka.send(Topics.CLICKS.name(), click.getShortCode(), click).get();
        kafka.send(Topics.CLICKS.name(), click.getShortCode(), click).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicatesBefore);
        assertThat(appliedRows(click.getClickId())).isEqualTo(1);
        try (TopicProbe<NotificationSent> notes = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> notes.values(n -> n.getNotificationId().equals(click.getClickId()))
                                    .size()
                            == 1);
            // the relay has caught up with everything committed; nothing else for this click may follow
            await().atMost(Duration.ofSeconds(30)).until(this::outboxIsEmpty);
            assertThat(notes.values(n -> n.getNotificationId().equals(click.getClickId())))
                    .hasSize(1);
        }
    }

    @Test
    void publishesOutboxEventsInTheConfluentWireFormatThatPlainAvroAndTheCcompatApiDecode() throws Exception {
        LinkClicked click = click("wire-" + UUID.randomUUID());
        kafka.send(Topics.CLICKS.name(), click.getShortCode(), click).get();

        try (TopicProbe<byte[]> raw = TopicProbe.raw(Topics.NOTIFICATIONS.name())) {
            byte[] clickIdBytes = click.getClickId().getBytes(StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !raw.values(v -> contains(v, clickIdBytes)).isEmpty());
            byte[] value = raw.values(v -> contains(v, clickIdBytes)).getFirst();

            ByteBuffer buffer = ByteBuffer.wrap(value);
            assertThat(buffer.get()).as("magic byte").isEqualTo((byte) 0);
            int schemaId = buffer.getInt();

            // what a Confluent-format reader does: fetch the writer schema by id from the ccompat API
            HttpResponse<String> response = TestHttp.client()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            TestInfra.infra().registry().ccompatUrl() + "/schemas/ids/" + schemaId))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            Map<?, ?> body = JsonMapper.builder().build().readValue(response.body(), Map.class);
            Schema writer = new Schema.Parser().parse((String) body.get("schema"));

            GenericRecord decoded = new GenericDatumReader<GenericRecord>(writer)
                    .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
            assertThat(decoded.get("notificationId").toString()).isEqualTo(click.getClickId());
            assertThat(decoded.get("causeEventId").toString()).isEqualTo(click.getEventId());

            HttpResponse<String> subjects = TestHttp.client()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            TestInfra.infra().registry().ccompatUrl() + "/subjects"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.body()).contains("\"" + Topics.NOTIFICATIONS.valueSubject() + "\"");
        }
    }

    @Test
    void carriesTheTraceOfTheConsumedEventThroughTheOutboxToThePublishedEvent() throws Exception {
        LinkClicked click = click("traced-" + UUID.randomUUID());
        String traceId = UUID.randomUUID().toString().replace("-", "");
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.CLICKS.name(), click.getShortCode(), click);
        record.headers()
                .add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        // a plain producer, as an upstream service's would be: it keeps the header exactly as given
        Map<String, Object> config = new java.util.HashMap<>(
                AvroSerde.producer(TestInfra.infra().registry().apiUrl()));
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.infra().kafka().bootstrapServers());
        try (KafkaProducer<String, Object> upstream = new KafkaProducer<>(config)) {
            upstream.send(record).get();
        }

        try (TopicProbe<NotificationSent> notes = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> notes.records().stream()
                            .anyMatch(r -> r.value() != null
                                    && r.value().getNotificationId().equals(click.getClickId())));
            ConsumerRecord<Object, NotificationSent> published = notes.records().stream()
                    .filter(r ->
                            r.value() != null && r.value().getNotificationId().equals(click.getClickId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(published.headers().lastHeader("traceparent")).isNotNull();
            assertThat(new String(published.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                    .contains(traceId);
        }
    }

    @Test
    void sendsAnUndecodableRecordToTheDeadLetterTopicAndGoesOn() throws Exception {
        byte[] poison = ("not avro " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        LinkClicked after = click("after-poison-" + UUID.randomUUID());
        // same key, so the same partition: the good record waits behind the poison and must still be applied
        try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
            producer.send(new ProducerRecord<>(
                            Topics.CLICKS.name(), after.getShortCode().getBytes(StandardCharsets.UTF_8), poison))
                    .get();
        }
        kafka.send(Topics.CLICKS.name(), after.getShortCode(), after).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> appliedRows(after.getClickId()) == 1);
        try (TopicProbe<byte[]> dlq = TopicProbe.raw(Topics.CLICKS.dlq())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dlq.values(v -> Arrays.equals(v, poison)).isEmpty());
            ConsumerRecord<Object, byte[]> dead = dlq.records().stream()
                    .filter(r -> Arrays.equals(r.value(), poison))
                    .findFirst()
                    .orElseThrow();
            assertThat(new String(
                            dead.headers()
                                    .lastHeader("kafka_dlt-exception-fqcn")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("DeserializationException");
            assertThat(new String(
                            dead.headers()
                                    .lastHeader("kafka_dlt-original-topic")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo(Topics.CLICKS.name());
        }
    }

    @Test
    void sendsARecordWhoseEffectKeepsFailingToTheDeadLetterTopicAfterBoundedRetriesAndGoesOn() throws Exception {
        LinkClicked failing = click(MessagingTestApplication.FAILING_CLICK);
        kafka.send(Topics.CLICKS.name(), failing.getShortCode(), failing).get();
        LinkClicked after = click("after-failure-" + UUID.randomUUID());
        kafka.send(Topics.CLICKS.name(), failing.getShortCode(), after).get();

        await().atMost(Duration.ofSeconds(60)).until(() -> appliedRows(after.getClickId()) == 1);
        try (TopicProbe<LinkClicked> dlq = TopicProbe.avro(Topics.CLICKS.dlq())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dlq.values(c -> c.getEventId().equals(failing.getEventId()))
                            .isEmpty());
            ConsumerRecord<Object, LinkClicked> dead = dlq.records().stream()
                    .filter(r -> r.value() != null && r.value().getEventId().equals(failing.getEventId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(new String(
                            dead.headers()
                                    .lastHeader("kafka_dlt-exception-message")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("simulated failure");
        }
        assertThat(appliedRows(failing.getClickId())).isZero();
        // the failed attempts rolled back their inbox claim, so a fixed consumer could still apply it
        assertThat(inboxClaims(failing.getEventId())).isZero();
    }

    @Test
    void appliesABacklogInFewTransactionsEachEventOnceEvenWhenItComesTwiceInOnePoll() throws Exception {
        List<LinkClicked> clicks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            clicks.add(click("backlog-" + i + "-" + UUID.randomUUID()));
        }
        double transactionsBefore = inboxTransactions();
        double duplicatesBefore = duplicates();

        listeners.stop();
        try {
            for (LinkClicked c : clicks) {
                kafka.send(Topics.CLICKS.name(), c.getShortCode(), c);
            }
            // the same event again, in the same poll
            kafka.send(Topics.CLICKS.name(), clicks.get(7).getShortCode(), clicks.get(7))
                    .get();
        } finally {
            listeners.start();
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> clicks.stream().allMatch(c -> appliedRows(c.getClickId()) == 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicatesBefore);
        assertThat(clicks)
                .allSatisfy(c -> assertThat(appliedRows(c.getClickId())).isEqualTo(1));
        assertThat(inboxTransactions() - transactionsBefore)
                .as("41 records waiting in one partition are applied a poll at a time, not one transaction each")
                .isLessThan(10);
        // the listener's prepare saw each click once, in the transaction that applied it, the duplicate not again
        List<String> ids = clicks.stream().map(LinkClicked::getClickId).toList();
        assertThat(MessagingTestApplication.PREPARED.stream()
                        .flatMap(List::stream)
                        .filter(ids::contains)
                        .toList())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(MessagingTestApplication.PREPARED)
                .as("several clicks prepared together")
                .anySatisfy(prepared ->
                        assertThat(prepared.stream().filter(ids::contains)).hasSizeGreaterThan(1));
        assertThat(clicks).allSatisfy(c -> assertThat(prepared(c.getClickId())).isTrue());
    }

    private boolean prepared(String clickId) {
        return Boolean.TRUE.equals(db.sql("SELECT prepared FROM applied_clicks WHERE click_id = :id")
                .bind("id", clickId)
                .map(row -> row.get("prepared", Boolean.class))
                .one()
                .block());
    }

    @Test
    void keepsTheEventsAroundOneThatFailsInTheSamePollAndDeadLettersOnlyThatOne() throws Exception {
        List<LinkClicked> before = new ArrayList<>();
        List<LinkClicked> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(click("before-failure-" + i + "-" + UUID.randomUUID()));
            after.add(click("after-failure-" + i + "-" + UUID.randomUUID()));
        }
        LinkClicked failing = click(MessagingTestApplication.FAILING_CLICK);

        listeners.stop();
        try {
            // one key: one partition, in this order, so the failing event sits in the middle of a poll
            for (LinkClicked c : before) {
                kafka.send(Topics.CLICKS.name(), failing.getShortCode(), c);
            }
            kafka.send(Topics.CLICKS.name(), failing.getShortCode(), failing);
            for (LinkClicked c : after) {
                kafka.send(Topics.CLICKS.name(), failing.getShortCode(), c);
            }
            kafka.flush();
        } finally {
            listeners.start();
        }

        List<LinkClicked> good = new ArrayList<>(before);
        good.addAll(after);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> good.stream().allMatch(c -> appliedRows(c.getClickId()) == 1));
        try (TopicProbe<LinkClicked> dlq = TopicProbe.avro(Topics.CLICKS.dlq())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dlq.values(c -> c.getEventId().equals(failing.getEventId()))
                            .isEmpty());
            assertThat(dlq.values(
                            c -> good.stream().anyMatch(g -> g.getEventId().equals(c.getEventId()))))
                    .as("only the failing event is dead-lettered")
                    .isEmpty();
        }
        assertThat(inboxClaims(failing.getEventId())).isZero();
    }

    private long inboxClaims(String eventId) {
        return db.sql("SELECT count(*) AS n FROM messaging.processed_events WHERE event_id = :id")
                .bind("id", eventId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private double inboxTransactions() {
        var summary = meters.find("tracknow.inbox.transaction.events")
                .tag("consumer", "messaging-test.clicks")
                .summary();
        return summary == null ? 0 : summary.count();
    }

    private static LinkClicked click(String clickId) {
        return LinkClicked.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setClickId(clickId)
                .setShortCode("ABCD2345")
                .setMerchantId("m-1")
                .setInfluencerId("inf-1")
                .build();
    }

    private long appliedRows(String clickId) {
        return db.sql("SELECT count(*) AS n FROM applied_clicks WHERE click_id = :id")
                .bind("id", clickId)
                .map(row -> row.get("n", Long.class))
                .one()
                .blockOptional()
                .orElse(0L);
    }

    private boolean outboxIsEmpty() {
        Long n = db.sql("SELECT count(*) AS n FROM messaging.outbox")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
        return n != null && n == 0;
    }

    private double duplicates() {
        var counter =
                meters.find("tracknow.inbox.events").tag("outcome", "duplicate").counter();
        return counter == null ? 0 : counter.count();
    }

    private static KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfra.infra().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
