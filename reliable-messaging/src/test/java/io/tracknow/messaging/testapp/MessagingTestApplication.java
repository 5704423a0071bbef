package io.tracknow.messaging.testapp;

import io.tracknow.events.clicks.LinkClicked;
import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A minimal service for the reliable-messaging tests: clicks in, a row and a notification out. */
@SpringBootApplication
public class MessagingTestApplication {

    /** Click ids that make the effect fail, to prove retries and the dead-letter topic. */
    public static final String FAILING_CLICK = "always-fails";

    @Component
    static class ClickListener extends TopicListener<LinkClicked> {

        private final DatabaseClient db;
        private final Outbox outbox;

        ClickListener(DatabaseClient db, Outbox outbox) {
            super(Topics.CLICKS, "messaging-test.clicks");
            this.db = db;
            this.outbox = outbox;
        }

        @Override
        protected Mono<Void> handle(LinkClicked click) {
            if (FAILING_CLICK.equals(click.getClickId())) {
                return Mono.error(new IllegalStateException("simulated failure for " + click.getClickId()));
            }
            NotificationSent note = NotificationSent.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now())
                    .setNotificationId(click.getClickId())
                    .setInfluencerId(click.getInfluencerId())
                    .setChannel(NotificationChannel.IN_APP)
                    .setTemplate("click")
                    .setOutcome(NotificationOutcome.DELIVERED)
                    .setCauseEventId(click.getEventId())
                    .build();
            return db.sql("INSERT INTO applied_clicks (click_id) VALUES (:id)")
                    .bind("id", click.getClickId())
                    .fetch()
                    .rowsUpdated()
                    .then(outbox.add(Topics.NOTIFICATIONS, note));
        }
    }
}
