package io.tracknow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.testapp.MessagingTestApplication;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The relay runs when a transaction that added outbox rows commits, not at its next poll: the poll
 * interval here is an hour (and the poll at start is over before the tests add anything), so only the
 * wake-up after commit can publish. A context of its own on a database of its own, so that no other
 * test context's relay (polling every 50 ms) publishes these rows.
 */
@ServiceIntegrationTest(
        service = "messaging-test",
        classes = MessagingTestApplication.class,
        properties = {
            "spring.application.name=messaging-wake-up-test",
            "spring.flyway.locations=classpath:db/messaging-test",
            "tracknow.db.name=${tracknow.test.wake-up-database}",
            "tracknow.messaging.outbox.poll-interval=1h",
            // the other tests of this module own the click listener; this context only publishes
            "spring.kafka.listener.auto-startup=false"
        })
class OutboxWakeUpTest {

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    DatabaseClient db;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TraceContext traceContext;

    @BeforeAll
    static void ownDatabase() {
        OutboxTests.ownDatabase("messaging_wake_up_", "tracknow.test.wake-up-database");
    }

    @Test
    void publishesAnEventOnceItsTransactionCommitsAndNeverOneWhoseTransactionRolledBack() {
        String influencer = "wake-" + UUID.randomUUID();
        NotificationSent rolledBack = OutboxTests.note(influencer, "rolled-back");
        NotificationSent committed = OutboxTests.note(influencer, "committed");

        assertThatThrownBy(() -> transactions
                        .transactional(outbox.add(Topics.NOTIFICATIONS, rolledBack)
                                .then(Mono.error(new IllegalStateException("the cause fails"))))
                        .block())
                .hasMessageContaining("the cause fails");
        transactions.transactional(outbox.add(Topics.NOTIFICATIONS, committed)).block();

        try (TopicProbe<NotificationSent> notes = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !notes.values(n -> n.getNotificationId().equals(committed.getNotificationId()))
                            .isEmpty());
            // same key, so the same partition: had the rolled-back event been published, it would be before
            assertThat(notes.values(n -> n.getInfluencerId().equals(influencer)))
                    .extracting(NotificationSent::getNotificationId)
                    .containsExactly(committed.getNotificationId());
        }
        assertThat(outboxRows()).isZero();
    }

    @Test
    void relaysABurstOfCommitsCompletelyAndInCommitOrderPerKey() {
        int keys = 8;
        int perKey = 125;
        String run = UUID.randomUUID().toString();
        List<String> influencers =
                IntStream.range(0, keys).mapToObj(k -> "burst-" + run + "-" + k).toList();

        // each key's events committed one after the other, the keys concurrently: 1,000 commits
        Flux.fromIterable(influencers)
                .flatMap(
                        influencer -> Flux.range(0, perKey)
                                .concatMap(i -> transactions.transactional(outbox.add(
                                        Topics.NOTIFICATIONS, OutboxTests.note(influencer, Integer.toString(i))))),
                        keys)
                .blockLast(Duration.ofMinutes(2));

        try (TopicProbe<NotificationSent> notes = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> notes.values(n -> influencers.contains(n.getInfluencerId()))
                                    .size()
                            >= keys * perKey);
            Map<String, List<String>> published = notes.values(n -> influencers.contains(n.getInfluencerId())).stream()
                    .collect(Collectors.groupingBy(
                            NotificationSent::getInfluencerId,
                            Collectors.mapping(NotificationSent::getTemplate, Collectors.toList())));
            List<String> inCommitOrder =
                    IntStream.range(0, perKey).mapToObj(Integer::toString).toList();
            assertThat(published).hasSize(keys);
            published.forEach((influencer, sequence) ->
                    assertThat(sequence).as(influencer).containsExactlyElementsOf(inCommitOrder));
        }
        assertThat(outboxRows()).isZero();
    }

    @Test
    void writesATransactionsEventsWhenItCommitsInTheOrderTheyWereAddedAndPublishesThemAll() {
        String influencer = "at-commit-" + UUID.randomUUID();
        int events = Outbox.ROWS_PER_INSERT * 2 + 7; // three inserts at commit

        Long visibleBeforeCommit = transactions
                .transactional(Flux.range(0, events)
                        .concatMap(i ->
                                outbox.add(Topics.NOTIFICATIONS, OutboxTests.note(influencer, Integer.toString(i))))
                        .then(db.sql("SELECT count(*) AS n FROM messaging.outbox WHERE message_key = :key")
                                .bind("key", influencer)
                                .map(row -> row.get("n", Long.class))
                                .one()))
                .block();

        assertThat(visibleBeforeCommit)
                .as("the transaction's events are written just before it commits, not one insert per add")
                .isZero();
        try (TopicProbe<NotificationSent> notes = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> notes.values(n -> n.getInfluencerId().equals(influencer))
                                    .size()
                            >= events);
            assertThat(notes.values(n -> n.getInfluencerId().equals(influencer)))
                    .extracting(NotificationSent::getTemplate)
                    .containsExactlyElementsOf(IntStream.range(0, events)
                            .mapToObj(Integer::toString)
                            .toList());
        }
        assertThat(outboxRows()).isZero();
    }

    @Test
    void aBatchWhoseSendFailsStaysInTheOutboxAndTheNextRunPublishesIt() {
        String influencer = "unsent-" + UUID.randomUUID();
        NotificationSent event = OutboxTests.note(influencer, "kept");
        // written as a committed row without waking this context's relay (its poll is an hour away)
        db.sql("INSERT INTO messaging.outbox (topic, message_key, value_class, payload) VALUES (:t, :k, :c, :p)")
                .bind("t", Topics.NOTIFICATIONS.name())
                .bind("k", influencer)
                .bind("c", NotificationSent.class.getName())
                .bind("p", Outbox.encode(event))
                .fetch()
                .rowsUpdated()
                .block();
        // a relay whose broker does not answer: its send fails once the metadata wait is over
        KafkaTemplate<String, Object> unreachable = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                500,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class)));
        OutboxRelay failing = new OutboxRelay(
                db,
                transactions,
                unreachable,
                traceContext,
                10,
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                new SimpleMeterRegistry());
        try {
            assertThatThrownBy(failing::relayBatch).isNotNull();
        } finally {
            unreachable.destroy();
        }
        assertThat(outboxRows())
                .as("the rows the failed batch deleted came back with its rollback")
                .isEqualTo(1);

        try (TopicProbe<NotificationSent> notes = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            assertThat(relay.relayBatch()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !notes.values(n -> n.getInfluencerId().equals(influencer))
                            .isEmpty());
            assertThat(notes.values(n -> n.getInfluencerId().equals(influencer)))
                    .extracting(NotificationSent::getTemplate)
                    .containsExactly("kept");
        }
        assertThat(outboxRows()).isZero();
    }

    private long outboxRows() {
        return db.sql("SELECT count(*) AS n FROM messaging.outbox")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
