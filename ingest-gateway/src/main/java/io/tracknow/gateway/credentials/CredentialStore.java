package io.tracknow.gateway.credentials;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.r2dbc.spi.Readable;
import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.secrets.SecretCipher;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per-merchant, per-source webhook credentials: one row per secret, several active at once during a
 * rotation (a shop may go on signing with the old secret for a while). Secrets are written only
 * encrypted ({@link SecretCipher}) and decrypted only in memory, to verify a signature.
 *
 * <p>Every webhook needs its merchant's active credentials before anything else, so they are kept in
 * memory, decrypted, for {@code tracknow.gateway.credential-cache} (a read and an AES-GCM decryption per
 * webhook otherwise). A change made through this replica ({@link #replace}) is seen at once; another
 * replica sees it, and a merchant that has none sees a new one, within that time (docs/ingest-gateway.md,
 * "Credentials").
 */
@Repository
public class CredentialStore {

    /** What an operator may see of a source's configuration: never a secret. */
    public record Summary(String source, String appKey, String scheme, long activeSecrets, OffsetDateTime updatedAt) {}

    private final DatabaseClient db;
    private final SecretCipher cipher;
    private final TransactionalOperator transaction;
    private final AsyncCache<Key, List<MerchantCredential>> cache;

    private record Key(String merchantId, String source) {}

    @Autowired
    public CredentialStore(
            DatabaseClient db,
            SecretCipher cipher,
            ReactiveTransactionManager transactions,
            GatewayProperties properties) {
        this(db, cipher, transactions, properties.credentialCache());
    }

    public CredentialStore(
            DatabaseClient db, SecretCipher cipher, ReactiveTransactionManager transactions, Duration cacheTime) {
        this.db = db;
        this.cipher = cipher;
        this.transaction = TransactionalOperator.create(transactions);
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(cacheTime)
                .maximumSize(100_000)
                .buildAsync();
    }

    /** The merchant's active credentials for the source, newest first (from memory within the cache time). */
    public Flux<MerchantCredential> active(String merchantId, String source) {
        // a failed read is not kept: the future fails and Caffeine drops it, so the next webhook reads again
        return Mono.fromFuture(() -> cache.get(
                        new Key(merchantId, source),
                        (key, executor) -> read(key.merchantId(), key.source())
                                .collectList()
                                .map(List::copyOf)
                                .toFuture()))
                .flatMapMany(Flux::fromIterable);
    }

    private Flux<MerchantCredential> read(String merchantId, String source) {
        return db.sql(
                        "SELECT merchant_id, source, app_key, secret, secret_ciphertext, scheme FROM merchant_credentials"
                                + " WHERE merchant_id = :merchant AND source = :source AND active ORDER BY created_at DESC, id DESC")
                .bind("merchant", merchantId)
                .bind("source", source)
                .map(this::credential)
                .all();
    }

    /** Replaces the source's credentials with these secrets, all active (list the old one too while rotating). */
    public Mono<Void> replace(String merchantId, String source, String appKey, String scheme, List<String> secrets) {
        Mono<Void> work = db.sql("DELETE FROM merchant_credentials WHERE merchant_id = :merchant AND source = :source")
                .bind("merchant", merchantId)
                .bind("source", source)
                .fetch()
                .rowsUpdated()
                .thenMany(Flux.fromIterable(secrets)
                        .concatMap(secret -> db.sql("INSERT INTO merchant_credentials"
                                        + " (merchant_id, source, app_key, secret_ciphertext, scheme) VALUES (:merchant, :source, :appKey,"
                                        + " :ciphertext, :scheme)")
                                .bind("merchant", merchantId)
                                .bind("source", source)
                                .bind("appKey", appKey)
                                .bind("ciphertext", ByteBuffer.wrap(cipher.encrypt(secret, merchantId, source)))
                                .bind("scheme", scheme)
                                .fetch()
                                .rowsUpdated()))
                .then();
        Key key = new Key(merchantId, source);
        return transaction
                .transactional(work)
                // before and after: a read that was under way while the transaction ran may have cached the old rows
                .doFirst(() -> cache.synchronous().invalidate(key))
                .doFinally(signal -> cache.synchronous().invalidate(key));
    }

    /** Convenience for a single secret (the demo merchant). */
    public Mono<Void> save(MerchantCredential credential) {
        return replace(
                credential.merchantId(),
                credential.source(),
                credential.appKey(),
                credential.scheme(),
                List.of(credential.secret()));
    }

    public Flux<Summary> summaries(String merchantId) {
        return db.sql("SELECT source, app_key, scheme, count(*) AS secrets, max(created_at) AS updated_at"
                        + " FROM merchant_credentials WHERE merchant_id = :merchant AND active"
                        + " GROUP BY source, app_key, scheme ORDER BY source")
                .bind("merchant", merchantId)
                .map(row -> new Summary(
                        row.get("source", String.class),
                        row.get("app_key", String.class),
                        row.get("scheme", String.class),
                        row.get("secrets", Long.class),
                        row.get("updated_at", OffsetDateTime.class)))
                .all();
    }

    /** Encrypts the secrets still stored in plain text (rows written before V2); returns how many it sealed. */
    public Mono<Long> encryptPlaintextSecrets() {
        return db.sql("SELECT id, merchant_id, source, secret FROM merchant_credentials WHERE secret IS NOT NULL")
                .map(row -> new Object[] {
                    row.get("id", Long.class),
                    row.get("merchant_id", String.class),
                    row.get("source", String.class),
                    row.get("secret", String.class)
                })
                .all()
                .concatMap(r -> db.sql("UPDATE merchant_credentials SET secret_ciphertext = :ciphertext, secret = NULL"
                                + " WHERE id = :id AND secret IS NOT NULL")
                        .bind("ciphertext", ByteBuffer.wrap(cipher.encrypt((String) r[3], (String) r[1], (String)
                                r[2])))
                        .bind("id", r[0])
                        .fetch()
                        .rowsUpdated())
                .reduce(0L, Long::sum)
                .doFinally(signal -> cache.synchronous().invalidateAll());
    }

    private MerchantCredential credential(Readable row) {
        String merchantId = row.get("merchant_id", String.class);
        String source = row.get("source", String.class);
        ByteBuffer sealed = row.get("secret_ciphertext", ByteBuffer.class);
        String secret;
        if (sealed != null) {
            byte[] bytes = new byte[sealed.remaining()];
            sealed.get(bytes);
            secret = cipher.decrypt(bytes, merchantId, source);
        } else {
            secret = row.get("secret", String.class); // written before V2 and not yet sealed by the start-up migration
        }
        return new MerchantCredential(
                merchantId, source, row.get("app_key", String.class), secret, row.get("scheme", String.class));
    }
}
