package io.tracknow.messaging.testapp;

import io.tracknow.events.clicks.LinkClicked;
import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.messaging.tx.TransactionMemo;
import io.tracknow.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A minimal service for the reliable-messaging tests: clicks in, a row and a notification out. */
@SpringBootApplication
public class MessagingTestApplication {

    /** Click ids that make the effect fail, to prove retries and the dead-letter topic. */
    public static final String FAILING_CLICK = "always-fails";

    /** The click ids each call of the listener's prepare saw, in order (one list per transaction). */
    public static final List<List<String>> PREPARED = new CopyOnWriteArrayList<>();

    @Component
    static class ClickListener extends TopicListener<LinkClicked> {

        private final DatabaseClient db;
        private final Outbox outbox;
        /** Whether this transaction's prepare saw a click (applied_clicks.prepared). */
        private final TransactionMemo<String, Boolean> prepared = new TransactionMemo<>(id -> Mono.empty());

        ClickListener(DatabaseClient db, Outbox outbox) {
            super(Topics.CLICKS, "messaging-test.clicks");
            this.db = db;
            this.outbox = outbox;
        }

        @Override
        protected Mono<?> prepare(List<LinkClicked> clicks) {
            PREPARED.add(clicks.stream().map(LinkClicked::getClickId).toList());
            return Flux.fromIterable(clicks)
                    .concatMap(c -> prepared.remember(c.getClickId(), Mono.just(true)))
                    .then();
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
            return prepared.get(click.getClickId())
                    .defaultIfEmpty(false)
                    .flatMap(seen -> db.sql("INSERT INTO applied_clicks (click_id, prepared) VALUES (:id, :prepared)")
                            .bind("id", click.getClickId())
                            .bind("prepared", seen)
                            .fetch()
                            .rowsUpdated())
                    .then(outbox.add(Topics.NOTIFICATIONS, note));
        }
    }
}
