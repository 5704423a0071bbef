package io.tracknow.notification.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.kafka.InvalidEventException;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.notification.Events;
import io.tracknow.notification.NotificationServiceTest;
import io.tracknow.notification.triggers.Triggers;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Causes notified inside a transaction are queued and written together just before it commits: nothing
 * before, everything (rows, delivery-log lines, published outcomes) after, nothing at all if it rolls
 * back. The outcomes' events are added to the outbox during the commit itself, so the outbox must be
 * enlisted beforehand or they would be lost.
 */
class NotifierTest extends NotificationServiceTest {

    @Autowired
    Notifier notifier;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    DatabaseClient db;

    @Test
    void causesQueuedInATransactionAreWrittenAsItCommitsAndEveryOutcomeIsPublished() throws Exception {
        String plain = newInfluencer();
        String withEmail = newInfluencer();
        contact(withEmail, withEmail + "@example.com", "en", null);
        String inAppOff = newInfluencer();
        json(
                "PUT",
                "/api/influencers/" + inAppOff + "/preferences/commission-accrued/IN_APP",
                "{\"mode\":\"OFF\"}",
                200);
        List<Cause> causes = List.of(
                cause(Events.accrued(plain, "EUR", 1000)),
                cause(Events.accrued(withEmail, "EUR", 2000)),
                cause(Events.accrued(inAppOff, "MAD", 3000)));
        List<String> ids = causes.stream().map(Cause::causeEventId).toList();

        try (TopicProbe<NotificationSent> sent = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            Long seenInside = transactions
                    .transactional(Flux.fromIterable(causes)
                            .concatMap(notifier::notify)
                            .then(Mono.defer(() -> countRows(ids))))
                    .block(Duration.ofSeconds(30));
            assertThat(seenInside).as("rows written before the commit").isZero();

            Map<String, String> status = statusByChannel(ids);
            assertThat(status)
                    .containsEntry(plain + "/IN_APP", "DELIVERED")
                    .containsEntry(withEmail + "/IN_APP", "DELIVERED")
                    .containsKey(withEmail + "/EMAIL")
                    .containsEntry(inAppOff + "/IN_APP", "SUPPRESSED")
                    .hasSize(4);
            assertThat(attempts(ids))
                    .as("one delivery-log line per finished row")
                    .isGreaterThanOrEqualTo(3);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sent.values(n -> ids.contains(n.getCauseEventId())
                                            && n.getChannel() == NotificationChannel.IN_APP)
                                    .size()
                            == 3);
            assertThat(sent.values(n -> n.getInfluencerId().equals(plain)))
                    .singleElement()
                    .extracting(NotificationSent::getOutcome)
                    .isEqualTo(NotificationOutcome.DELIVERED);
            assertThat(sent.values(n -> n.getInfluencerId().equals(inAppOff)))
                    .singleElement()
                    .extracting(NotificationSent::getOutcome)
                    .isEqualTo(NotificationOutcome.SUPPRESSED);
        }

        // notified again (a redelivery): the unique (cause, channel) keeps one row each
        transactions
                .transactional(
                        Flux.fromIterable(causes).concatMap(notifier::notify).then())
                .block(Duration.ofSeconds(30));
        assertThat(countRows(ids).block()).isEqualTo(4);
    }

    @Test
    void aTransactionThatRollsBackWritesNoneOfItsCauses() {
        String influencer = newInfluencer();
        Cause cause = cause(Events.accrued(influencer, "EUR", 1000));

        assertThatThrownBy(() -> transactions
                        .transactional(notifier.notify(cause).then(Mono.error(new IllegalStateException("later step"))))
                        .block(Duration.ofSeconds(30)))
                .hasMessageContaining("later step");

        assertThat(countRows(List.of(cause.causeEventId())).block()).isZero();
    }

    @Test
    void aCauseThatCannotBeWrittenFailsTheCommitAndWritesNothingOfTheOthers() {
        String influencer = newInfluencer();
        Cause good = cause(Events.accrued(influencer, "EUR", 1000));
        Cause bad = cause(Events.accrued(influencer, "XXQ", 1000));

        assertThatThrownBy(() -> transactions
                        .transactional(notifier.notify(good).then(notifier.notify(bad)))
                        .block(Duration.ofSeconds(30)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(bad.causeEventId());

        assertThat(countRows(List.of(good.causeEventId(), bad.causeEventId())).block())
                .isZero();
    }

    private static Cause cause(CommissionEvent event) {
        return Triggers.of(event).orElseThrow();
    }

    private Mono<Long> countRows(List<String> causeIds) {
        return db.sql("SELECT count(*) AS n FROM notifications WHERE cause_event_id = ANY(:ids)")
                .bind("ids", causeIds.toArray(String[]::new))
                .map(row -> row.get("n", Long.class))
                .one();
    }

    private long attempts(List<String> causeIds) {
        return db.sql("SELECT count(*) AS n FROM delivery_attempts a JOIN notifications n ON n.id = a.notification_id"
                        + " WHERE n.cause_event_id = ANY(:ids)")
                .bind("ids", causeIds.toArray(String[]::new))
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    /** "influencer/CHANNEL" -> status of every row of these causes. */
    private Map<String, String> statusByChannel(List<String> causeIds) {
        return db.sql("SELECT influencer_id, channel, status FROM notifications WHERE cause_event_id = ANY(:ids)")
                .bind("ids", causeIds.toArray(String[]::new))
                .map(row -> Map.entry(
                        row.get("influencer_id", String.class) + "/" + row.get("channel", String.class),
                        row.get("status", String.class)))
                .all()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))
                .block();
    }
}
