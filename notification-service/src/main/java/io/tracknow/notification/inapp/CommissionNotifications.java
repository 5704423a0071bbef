package io.tracknow.notification.inapp;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes an in-app notification at each step of an influencer's commission (see
 * {@link CommissionMessages}), once per causing event, and publishes that it was delivered. Other channels (email, SMS, WhatsApp) and templates come in a later issue.
 */
@Component
public class CommissionNotifications {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final Clock clock;

    public CommissionNotifications(DatabaseClient db, Outbox outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Void> onCommission(CommissionEvent event) {
        return CommissionMessages.of(event).map(message -> store(event, message)).orElse(Mono.empty());
    }

    private Mono<Void> store(CommissionEvent event, CommissionMessages.Message message) {
        Notification notification = new Notification(UUID.randomUUID(), event.getInfluencerId(),
                NotificationChannel.IN_APP.name(), message.template(), message.title(), message.body(),
                event.getEventId(), clock.instant());
        return db.sql("INSERT INTO notifications (id, influencer_id, channel, template, title, body, cause_event_id,"
                        + " created_at) VALUES (:id, :influencer, :channel, :template, :title, :body, :cause, :at)"
                        + " ON CONFLICT DO NOTHING")
                .bind("id", notification.id()).bind("influencer", notification.influencerId())
                .bind("channel", notification.channel()).bind("template", notification.template())
                .bind("title", notification.title()).bind("body", notification.body())
                .bind("cause", notification.causeEventId()).bind("at", notification.createdAt())
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? outbox.add(Topics.NOTIFICATIONS, sent(notification)) : Mono.empty());
    }

    private static NotificationSent sent(Notification n) {
        return NotificationSent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(n.createdAt())
                .setNotificationId(n.id().toString())
                .setInfluencerId(n.influencerId())
                .setChannel(NotificationChannel.IN_APP)
                .setTemplate(n.template())
                .setOutcome(NotificationOutcome.DELIVERED)
                .setCauseEventId(n.causeEventId())
                .build();
    }
}
