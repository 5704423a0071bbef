package io.tracknow.notification.inapp;

import io.tracknow.web.auth.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The delivery log of an influencer's notifications, every channel: status, attempts, last error and
 * each attempt (the operator's token or the influencer's own). The newest 100.
 */
@RestController
class DeliveryLogController {

    private final DatabaseClient db;

    DeliveryLogController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/api/influencers/{influencerId}/deliveries")
    Mono<List<Map<String, Object>>> deliveries(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return db.sql(
                        "SELECT n.id, n.channel, n.event_type, n.status, n.attempts, n.last_error, n.recipient, n.cause_event_id,"
                                + " n.created_at, n.next_attempt_at, n.finished_at, a.attempt, a.outcome, a.error, a.at"
                                + " FROM (SELECT * FROM notifications WHERE influencer_id = :influencer ORDER BY seq DESC LIMIT 100) n"
                                + " LEFT JOIN delivery_attempts a ON a.notification_id = n.id ORDER BY n.seq DESC, a.id")
                .bind("influencer", influencerId)
                .map(row -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", row.get("id", UUID.class));
                    r.put("channel", row.get("channel", String.class));
                    r.put("eventType", row.get("event_type", String.class));
                    r.put("status", row.get("status", String.class));
                    r.put("attempts", row.get("attempts", Integer.class));
                    r.put("lastError", row.get("last_error", String.class));
                    r.put("recipient", row.get("recipient", String.class));
                    r.put("causeEventId", row.get("cause_event_id", String.class));
                    r.put("createdAt", row.get("created_at", Instant.class));
                    r.put("nextAttemptAt", row.get("next_attempt_at", Instant.class));
                    r.put("finishedAt", row.get("finished_at", Instant.class));
                    Integer attempt = row.get("attempt", Integer.class);
                    if (attempt != null) {
                        Map<String, Object> logged = new LinkedHashMap<>();
                        logged.put("attempt", attempt);
                        logged.put("outcome", row.get("outcome", String.class));
                        logged.put("error", row.get("error", String.class));
                        logged.put("at", row.get("at", Instant.class));
                        r.put("attempt", logged);
                    } else {
                        r.put("attempt", null);
                    }
                    return r;
                })
                .all()
                .collectList()
                .map(DeliveryLogController::group);
    }

    /** One entry per notification with its attempts in order. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> group(List<Map<String, Object>> rows) {
        Map<Object, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> entry = byId.computeIfAbsent(row.get("id"), id -> {
                Map<String, Object> e = new LinkedHashMap<>(row);
                e.remove("attempt");
                e.put("log", new ArrayList<Map<String, Object>>());
                return e;
            });
            if (row.get("attempt") != null) {
                ((List<Map<String, Object>>) entry.get("log")).add((Map<String, Object>) row.get("attempt"));
            }
        }
        return new ArrayList<>(byId.values());
    }
}
