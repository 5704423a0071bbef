package io.tracknow.notification.inapp;

import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The in-app feed: the influencer's in-app notifications that were delivered (not those turned off), newest first. */
@Component
class Feed {

    private static final String FEED =
            "FROM notifications WHERE influencer_id = :influencer AND channel = 'IN_APP' AND status = 'DELIVERED'";

    private final DatabaseClient db;
    private final Clock clock;

    Feed(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Flux<Notification> page(String influencerId, int page, int size) {
        return db.sql("SELECT * " + FEED + " ORDER BY seq DESC LIMIT :limit OFFSET :offset")
                .bind("influencer", influencerId)
                .bind("limit", size)
                .bind("offset", (long) page * size)
                .map(Feed::notification)
                .all();
    }

    /** Feed entries after {@code seq}, oldest first: what a live stream has not shown yet. */
    Flux<Notification> after(String influencerId, long seq) {
        return db.sql("SELECT * " + FEED + " AND seq > :seq ORDER BY seq LIMIT 100")
                .bind("influencer", influencerId)
                .bind("seq", seq)
                .map(Feed::notification)
                .all();
    }

    Mono<Long> lastSeq(String influencerId) {
        return db.sql("SELECT coalesce(max(seq), 0) AS last " + FEED)
                .bind("influencer", influencerId)
                .map(row -> row.get("last", Long.class))
                .one();
    }

    Mono<Long> total(String influencerId) {
        return db.sql("SELECT count(*) AS n " + FEED)
                .bind("influencer", influencerId)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    Mono<Long> unread(String influencerId) {
        return db.sql("SELECT count(*) AS n " + FEED + " AND read_at IS NULL")
                .bind("influencer", influencerId)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** True when the notification is the influencer's (read now or before); false when there is no such notification of theirs. */
    Mono<Boolean> markRead(String influencerId, UUID id) {
        return db.sql(
                        "UPDATE notifications SET read_at = coalesce(read_at, :at) WHERE id = :id AND influencer_id = :influencer"
                                + " AND channel = 'IN_APP' AND status = 'DELIVERED'")
                .bind("at", clock.instant())
                .bind("id", id)
                .bind("influencer", influencerId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    Mono<Long> markAllRead(String influencerId) {
        return db.sql("UPDATE notifications SET read_at = :at " + FEED.replace("FROM notifications", "")
                        + " AND read_at IS NULL")
                .bind("at", clock.instant())
                .bind("influencer", influencerId)
                .fetch()
                .rowsUpdated();
    }

    private static Notification notification(Readable row) {
        return new Notification(
                row.get("id", UUID.class),
                row.get("seq", Long.class),
                row.get("influencer_id", String.class),
                row.get("channel", String.class),
                row.get("event_type", String.class),
                row.get("title", String.class),
                row.get("body", String.class),
                row.get("cause_event_id", String.class),
                row.get("created_at", java.time.Instant.class),
                row.get("read_at", java.time.Instant.class));
    }
}
