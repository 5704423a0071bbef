package io.tracknow.notification.dispatch;

import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.notification.contacts.Channel;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The delivery log: every attempt on every channel (outcome, error, attempt number), and for each
 * final outcome (DELIVERED, FAILED, SUPPRESSED) one {@code NotificationSent} on notifications.v1
 * through the outbox, in the transaction that decided it, so analytics sees exactly one per message.
 */
@Component
public class DeliveryLog {

    /** What an attempt row says. RETRY and HELD are not final and publish nothing. */
    public enum Outcome {
        DELIVERED,
        RETRY,
        FAILED,
        SUPPRESSED,
        HELD;

        /** DELIVERED, FAILED and SUPPRESSED end a notification and are published. */
        public boolean isFinal() {
            return this == DELIVERED || this == FAILED || this == SUPPRESSED;
        }
    }

    private final DatabaseClient db;
    private final Outbox outbox;
    private final Clock clock;

    public DeliveryLog(DatabaseClient db, Outbox outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Void> attempt(UUID notificationId, Channel channel, int attempt, Outcome outcome, String error) {
        DatabaseClient.GenericExecuteSpec insert = db.sql(
                        "INSERT INTO delivery_attempts (notification_id, channel, attempt, outcome, error, at)"
                                + " VALUES (:id, :channel, :attempt, :outcome, :error, :at)")
                .bind("id", notificationId)
                .bind("channel", channel.name())
                .bind("attempt", attempt)
                .bind("outcome", outcome.name())
                .bind("at", clock.instant());
        insert = error == null ? insert.bindNull("error", String.class) : insert.bind("error", truncate(error));
        return insert.fetch().rowsUpdated().then();
    }

    /** Publishes the final outcome of a notification (DELIVERED, FAILED or SUPPRESSED). */
    public Mono<Void> published(Delivery delivery, Outcome outcome, int attempts, String detail) {
        NotificationSent sent = NotificationSent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setNotificationId(delivery.id().toString())
                .setInfluencerId(delivery.influencerId())
                .setChannel(NotificationChannel.valueOf(delivery.channel().name()))
                .setTemplate(delivery.eventType())
                .setOutcome(NotificationOutcome.valueOf(outcome.name()))
                .setCauseEventId(delivery.causeEventId())
                .setDetail(detail == null ? null : truncate(detail))
                .setAttempts(attempts)
                .build();
        return outbox.add(Topics.NOTIFICATIONS, sent);
    }

    /** Attempt row and, when final, the published outcome. */
    public Mono<Void> record(Delivery delivery, int attempt, Outcome outcome, String error) {
        Mono<Void> logged = attempt(delivery.id(), delivery.channel(), attempt, outcome, error);
        return outcome.isFinal() ? logged.then(published(delivery, outcome, attempt, error)) : logged;
    }

    static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
