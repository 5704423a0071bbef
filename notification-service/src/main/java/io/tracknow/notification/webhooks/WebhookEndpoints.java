package io.tracknow.notification.webhooks;

import java.time.Clock;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The webhook endpoints table: one endpoint per influencer, re-registering replaces it (new secret, active again). */
@Component
public class WebhookEndpoints {

    private final DatabaseClient db;
    private final Clock clock;

    public WebhookEndpoints(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Mono<Endpoint> find(String influencerId) {
        return db.sql("SELECT * FROM webhook_endpoints WHERE influencer_id = :id")
                .bind("id", influencerId)
                .map(row -> new Endpoint(
                        influencerId,
                        row.get("url", String.class),
                        row.get("secret", String.class),
                        "ACTIVE".equals(row.get("status", String.class)),
                        row.get("consecutive_failures", Integer.class),
                        row.get("disabled_reason", String.class),
                        row.get("disabled_at", Instant.class)))
                .one();
    }

    public Mono<Endpoint> register(String influencerId, String url, String secret) {
        Instant now = clock.instant();
        return db.sql(
                        "INSERT INTO webhook_endpoints (influencer_id, url, secret, status, consecutive_failures, created_at, updated_at)"
                                + " VALUES (:id, :url, :secret, 'ACTIVE', 0, :at, :at) ON CONFLICT (influencer_id) DO UPDATE SET"
                                + " url = excluded.url, secret = excluded.secret, status = 'ACTIVE', consecutive_failures = 0,"
                                + " disabled_reason = NULL, disabled_at = NULL, updated_at = excluded.updated_at")
                .bind("id", influencerId)
                .bind("url", url)
                .bind("secret", secret)
                .bind("at", now)
                .fetch()
                .rowsUpdated()
                .thenReturn(new Endpoint(influencerId, url, secret, true, 0, null, null));
    }

    public Mono<Boolean> delete(String influencerId) {
        return db.sql("DELETE FROM webhook_endpoints WHERE influencer_id = :id")
                .bind("id", influencerId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    public Mono<Void> succeeded(String influencerId) {
        return db.sql(
                        "UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE influencer_id = :id AND consecutive_failures > 0")
                .bind("id", influencerId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Counts one more failed attempt in a row; returns the count now, or 0 when the endpoint is gone or inactive. */
    public Mono<Integer> failed(String influencerId) {
        return db.sql("UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, updated_at = :at"
                        + " WHERE influencer_id = :id AND status = 'ACTIVE' RETURNING consecutive_failures")
                .bind("id", influencerId)
                .bind("at", clock.instant())
                .map(row -> row.get("consecutive_failures", Integer.class))
                .one()
                .defaultIfEmpty(0);
    }

    public Mono<Instant> disable(String influencerId, String reason) {
        Instant now = clock.instant();
        return db.sql("UPDATE webhook_endpoints SET status = 'DISABLED', disabled_reason = :reason, disabled_at = :at,"
                        + " updated_at = :at WHERE influencer_id = :id")
                .bind("id", influencerId)
                .bind("reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .bind("at", now)
                .fetch()
                .rowsUpdated()
                .thenReturn(now);
    }
}
