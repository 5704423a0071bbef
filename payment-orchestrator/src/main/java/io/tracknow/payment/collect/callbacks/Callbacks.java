package io.tracknow.payment.collect.callbacks;

import io.tracknow.payment.collect.keys.WebhookSecrets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The callbacks to send, as rows: one per status change, written in the transaction of the change, so a
 * change is never without its callback and survives a restart. Each attempt's outcome (the receiver's
 * status and the start of its answer, or the error) is recorded on the row.
 */
@Repository
public class Callbacks {

    private static final int MAX_RECORDED = 2000;

    private final DatabaseClient db;
    private final Clock clock;
    private final WebhookSecrets webhookSecrets;

    public Callbacks(DatabaseClient db, Clock clock, WebhookSecrets webhookSecrets) {
        this.db = db;
        this.clock = clock;
        this.webhookSecrets = webhookSecrets;
    }

    /** Adds a callback to send now; must run inside the transaction of the status change. */
    public Mono<Void> enqueue(String externalPaymentId, String keyId, String url, boolean live, String body) {
        Instant now = clock.instant();
        return db.sql(
                        "INSERT INTO collect_callbacks (external_payment_id, key_id, url, live, body, state, next_attempt_at,"
                                + " created_at) VALUES (:payment, :key, :url, :live, :body, 'pending', :now, :now)")
                .bind("payment", externalPaymentId)
                .bind("key", keyId)
                .bind("url", url)
                .bind("live", live)
                .bind("body", body)
                .bind("now", now)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /**
     * Leases up to {@code limit} due callbacks to this replica for {@code lease}: the oldest pending one of each
     * payment (so a payment's callbacks arrive in the order of its changes), skipping rows another replica holds.
     */
    public Flux<Callback> lease(int limit, Duration lease) {
        Instant now = clock.instant();
        return db.sql("UPDATE collect_callbacks c SET leased_until = :until FROM collect_api_keys k"
                        + " WHERE k.key_id = c.key_id AND c.id IN (SELECT id FROM collect_callbacks d"
                        + "   WHERE d.state = 'pending' AND d.next_attempt_at <= :now"
                        + "   AND (d.leased_until IS NULL OR d.leased_until <= :now)"
                        + "   AND NOT EXISTS (SELECT 1 FROM collect_callbacks e WHERE e.external_payment_id = d.external_payment_id"
                        + "     AND e.state = 'pending' AND e.id < d.id)"
                        + "   ORDER BY d.next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
                        + " RETURNING c.id, c.external_payment_id, c.url, c.live, c.body, c.attempts, k.key_id AS secret_key_id,"
                        + " k.webhook_secret, k.webhook_secret_sealed")
                .bind("until", now.plus(lease))
                .bind("now", now)
                .bind("limit", limit)
                .map(row -> new Callback(
                        row.get("id", Long.class),
                        row.get("external_payment_id", String.class),
                        row.get("url", String.class),
                        Boolean.TRUE.equals(row.get("live", Boolean.class)),
                        row.get("body", String.class),
                        row.get("attempts", Integer.class),
                        webhookSecrets.open(
                                row.get("secret_key_id", String.class),
                                row.get("webhook_secret_sealed", ByteBuffer.class),
                                row.get("webhook_secret", String.class))))
                .all();
    }

    /** The receiver answered 2xx: done. */
    public Mono<Void> delivered(long id, int status, String response) {
        Instant now = clock.instant();
        return db.sql(
                        "UPDATE collect_callbacks SET state = 'delivered', attempts = attempts + 1, last_attempt_at = :now,"
                                + " delivered_at = :now, leased_until = NULL, last_status = :status, last_response = :response,"
                                + " last_error = NULL WHERE id = :id")
                .bind("now", now)
                .bind("status", status)
                .bind("response", cut(response))
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /**
     * An attempt failed: try again at {@code next}, or mark the callback failed when {@code next} is null.
     *
     * @param status the receiver's HTTP status, or null when there was no answer
     */
    public Mono<Void> attemptFailed(long id, Integer status, String response, String error, Instant next) {
        DatabaseClient.GenericExecuteSpec update = db.sql("UPDATE collect_callbacks SET attempts = attempts + 1,"
                        + " last_attempt_at = :now, leased_until = NULL, last_status = :status, last_response = :response,"
                        + " last_error = :error, state = CASE WHEN CAST(:next AS timestamptz) IS NULL THEN 'failed' ELSE 'pending' END,"
                        + " next_attempt_at = coalesce(CAST(:next AS timestamptz), next_attempt_at) WHERE id = :id")
                .bind("now", clock.instant())
                .bind("id", id);
        update = status == null ? update.bindNull("status", Integer.class) : update.bind("status", status);
        update = response == null ? update.bindNull("response", String.class) : update.bind("response", cut(response));
        update = error == null ? update.bindNull("error", String.class) : update.bind("error", cut(error));
        update = next == null ? update.bindNull("next", Instant.class) : update.bind("next", next);
        return update.fetch().rowsUpdated().then();
    }

    /** The operator's view: callbacks in a state, newest first. */
    public Flux<CallbackRecord> inState(String state, int limit) {
        return db.sql("SELECT * FROM collect_callbacks WHERE state = :state ORDER BY id DESC LIMIT :limit")
                .bind("state", state)
                .bind("limit", limit)
                .map(row -> CallbackRecord.of(row::get))
                .all();
    }

    public Flux<CallbackRecord> ofPayment(String externalPaymentId) {
        return db.sql("SELECT * FROM collect_callbacks WHERE external_payment_id = :payment ORDER BY id")
                .bind("payment", externalPaymentId)
                .map(row -> CallbackRecord.of(row::get))
                .all();
    }

    /** The operator sends a failed (or delivered) callback again: pending, due now, with a fresh attempt budget. */
    public Mono<Boolean> resend(long id) {
        return db.sql("UPDATE collect_callbacks SET state = 'pending', attempts = 0, next_attempt_at = :now,"
                        + " leased_until = NULL, delivered_at = NULL WHERE id = :id")
                .bind("now", clock.instant())
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_RECORDED ? text : text.substring(0, MAX_RECORDED);
    }

    /** A leased callback to attempt, with the secret that signs it. */
    public record Callback(
            long id, String externalPaymentId, String url, boolean live, String body, int attempts, String secret) {}
}
