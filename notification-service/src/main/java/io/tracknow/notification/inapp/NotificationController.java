package io.tracknow.notification.inapp;

import io.tracknow.web.auth.Caller;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** An influencer's in-app notifications, newest first: the operator's or the influencer's own (bearer token). */
@RestController
class NotificationController {

    private final DatabaseClient db;

    NotificationController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/api/influencers/{influencerId}/notifications")
    Mono<List<Notification>> notifications(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return db.sql("SELECT * FROM notifications WHERE influencer_id = :influencer ORDER BY created_at DESC LIMIT 200")
                .bind("influencer", influencerId)
                .map(row -> new Notification(row.get("id", UUID.class), row.get("influencer_id", String.class),
                        row.get("channel", String.class), row.get("template", String.class),
                        row.get("title", String.class), row.get("body", String.class),
                        row.get("cause_event_id", String.class), row.get("created_at", Instant.class)))
                .all().collectList();
    }
}
