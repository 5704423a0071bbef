package io.tracknow.payment.collect.keys;

import io.tracknow.web.auth.TokenDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The payments API's keys: issued by the operator for one client platform, sandbox or live, each with the
 * webhook secret that signs its callbacks (sealed at rest, {@link WebhookSecrets}). A key is 32 random bytes,
 * shown once; the table holds its SHA-256, which a request's key is looked up by, so a stolen table yields no
 * key. Revoked keys stop
 * working at once on every replica (each request reads the table).
 */
@Repository
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final Clock clock;
    private final WebhookSecrets webhookSecrets;

    public ApiKeys(DatabaseClient db, Clock clock, WebhookSecrets webhookSecrets) {
        this.db = db;
        this.clock = clock;
        this.webhookSecrets = webhookSecrets;
    }

    public Mono<IssuedKey> issue(String clientId, Mode mode) {
        String prefix = mode == Mode.SANDBOX ? "pk_sandbox_" : "pk_live_";
        return seed(clientId, mode, prefix + random(32), "whsec_" + random(32));
    }

    /** Stores a key chosen by the caller (the embedded platform's demo key); the key itself is not stored. */
    public Mono<IssuedKey> seed(String clientId, Mode mode, String apiKey, String webhookSecret) {
        String keyId = "key_" + HexFormat.of().formatHex(bytes(8));
        Instant now = clock.instant();
        return Mono.fromCallable(() -> webhookSecrets.seal(keyId, webhookSecret))
                .flatMap(ciphertext -> db.sql(
                                "INSERT INTO collect_api_keys (key_id, client_id, mode, key_sha256,"
                                        + " webhook_secret_sealed, created_at) VALUES (:id, :client, :mode, :sha, :secret, :at)")
                        .bind("id", keyId)
                        .bind("client", clientId)
                        .bind("mode", mode.wire())
                        .bind("sha", TokenDigest.sha256Hex(apiKey))
                        .bind("secret", ciphertext)
                        .bind("at", now)
                        .fetch()
                        .rowsUpdated())
                .thenReturn(new IssuedKey(keyId, clientId, mode.wire(), apiKey, webhookSecret, now, null));
    }

    /** The live (not revoked) key with this SHA-256, as the client it speaks for. */
    public Mono<ApiClient> live(String keySha256Hex) {
        return db.sql(
                        "SELECT key_id, client_id, mode FROM collect_api_keys WHERE key_sha256 = :sha AND revoked_at IS NULL")
                .bind("sha", keySha256Hex)
                .map(row -> new ApiClient(
                        row.get("key_id", String.class),
                        row.get("client_id", String.class),
                        Mode.fromWire(row.get("mode", String.class))))
                .one();
    }

    public Flux<IssuedKey> ofClient(String clientId) {
        return db.sql("SELECT key_id, client_id, mode, created_at, revoked_at FROM collect_api_keys"
                        + " WHERE client_id = :client ORDER BY created_at")
                .bind("client", clientId)
                .map(row -> new IssuedKey(
                        row.get("key_id", String.class),
                        row.get("client_id", String.class),
                        row.get("mode", String.class),
                        null,
                        null,
                        row.get("created_at", Instant.class),
                        row.get("revoked_at", Instant.class)))
                .all();
    }

    /** @return false when the client has no such key; revoking twice changes nothing */
    public Mono<Boolean> revoke(String clientId, String keyId) {
        return db.sql("UPDATE collect_api_keys SET revoked_at = coalesce(revoked_at, :at)"
                        + " WHERE client_id = :client AND key_id = :id")
                .bind("at", clock.instant())
                .bind("client", clientId)
                .bind("id", keyId)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    private static String random(int length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(length));
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
