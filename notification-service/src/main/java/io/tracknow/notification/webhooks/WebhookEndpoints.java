package io.tracknow.notification.webhooks;

import io.r2dbc.spi.Readable;
import io.tracknow.secrets.SecretCipher;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The webhook endpoints table: one endpoint per influencer, re-registering replaces it (new secret, active
 * again). The signing secret must be read back to sign, so it is sealed (AES-GCM, {@link SecretCipher}) with
 * the influencer id as associated data: a sealed secret copied onto another influencer's row does not open.
 */
@Component
public class WebhookEndpoints {

    /** Associated data: what the secret is (an influencer's webhook secret) and whose. */
    private static final String OWNER = "notification-webhook";

    private final DatabaseClient db;
    private final SecretCipher cipher;
    private final Clock clock;

    public WebhookEndpoints(DatabaseClient db, SecretCipher cipher, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
    }

    public Mono<Endpoint> find(String influencerId) {
        return db.sql("SELECT * FROM webhook_endpoints WHERE influencer_id = :id")
                .bind("id", influencerId)
                .map(row -> new Endpoint(
                        influencerId,
                        row.get("url", String.class),
                        secret(influencerId, row),
                        "ACTIVE".equals(row.get("status", String.class)),
                        row.get("consecutive_failures", Integer.class),
                        row.get("disabled_reason", String.class),
                        row.get("disabled_at", Instant.class)))
                .one();
    }

    /** The URL of each of these influencers' active endpoints, keyed by influencer id (without decrypting secrets). */
    public Mono<Map<String, String>> activeUrls(Collection<String> influencerIds) {
        if (influencerIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT influencer_id, url FROM webhook_endpoints"
                        + " WHERE influencer_id = ANY(:ids) AND status = 'ACTIVE'")
                .bind("ids", influencerIds.toArray(String[]::new))
                .map(row -> Map.entry(row.get("influencer_id", String.class), row.get("url", String.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    public Mono<Endpoint> register(String influencerId, String url, String secret) {
        Instant now = clock.instant();
        return db.sql(
                        "INSERT INTO webhook_endpoints (influencer_id, url, secret_ciphertext, status, consecutive_failures,"
                                + " created_at, updated_at) VALUES (:id, :url, :secret, 'ACTIVE', 0, :at, :at) ON CONFLICT (influencer_id)"
                                + " DO UPDATE SET url = excluded.url, secret_ciphertext = excluded.secret_ciphertext, secret = NULL,"
                                + " status = 'ACTIVE', consecutive_failures = 0,"
                                + " disabled_reason = NULL, disabled_at = NULL, updated_at = excluded.updated_at")
                .bind("id", influencerId)
                .bind("url", url)
                .bind("secret", ByteBuffer.wrap(seal(influencerId, secret)))
                .bind("at", now)
                .fetch()
                .rowsUpdated()
                .thenReturn(new Endpoint(influencerId, url, secret, true, 0, null, null));
    }

    /**
     * Seals every secret still in the plain-text column (written before V4) and clears it; each row only while
     * it still holds plain text, so replicas starting together seal it once. Returns how many were sealed.
     */
    public Mono<Long> sealPlaintextSecrets() {
        return db.sql("SELECT influencer_id, secret FROM webhook_endpoints WHERE secret IS NOT NULL")
                .map(row -> new String[] {row.get("influencer_id", String.class), row.get("secret", String.class)})
                .all()
                .concatMap(r -> db.sql("UPDATE webhook_endpoints SET secret_ciphertext = :sealed, secret = NULL"
                                + " WHERE influencer_id = :id AND secret = :plain")
                        .bind("sealed", ByteBuffer.wrap(seal(r[0], r[1])))
                        .bind("id", r[0])
                        .bind("plain", r[1])
                        .fetch()
                        .rowsUpdated())
                .reduce(0L, Long::sum);
    }

    private byte[] seal(String influencerId, String secret) {
        return cipher.encrypt(secret, OWNER, influencerId);
    }

    private String secret(String influencerId, Readable row) {
        ByteBuffer sealed = row.get("secret_ciphertext", ByteBuffer.class);
        if (sealed == null) {
            return row.get("secret", String.class); // written before V4 and not yet sealed at start-up
        }
        byte[] bytes = new byte[sealed.remaining()];
        sealed.get(bytes);
        return cipher.decrypt(bytes, OWNER, influencerId);
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
