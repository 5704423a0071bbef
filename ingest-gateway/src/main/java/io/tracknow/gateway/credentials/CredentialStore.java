package io.tracknow.gateway.credentials;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Per-merchant, per-source webhook credentials; several may be active at once during a rotation. */
@Repository
public class CredentialStore {

    private final DatabaseClient db;

    public CredentialStore(DatabaseClient db) {
        this.db = db;
    }

    public Flux<MerchantCredential> active(String merchantId, String source) {
        return db.sql("SELECT merchant_id, source, app_key, secret, scheme FROM merchant_credentials"
                        + " WHERE merchant_id = :merchant AND source = :source AND active ORDER BY created_at DESC")
                .bind("merchant", merchantId)
                .bind("source", source)
                .map(row -> new MerchantCredential(row.get("merchant_id", String.class), row.get("source", String.class),
                        row.get("app_key", String.class), row.get("secret", String.class), row.get("scheme", String.class)))
                .all();
    }

    public Mono<Void> save(MerchantCredential credential) {
        return db.sql("INSERT INTO merchant_credentials (merchant_id, source, app_key, secret, scheme)"
                        + " VALUES (:merchant, :source, :appKey, :secret, :scheme)"
                        + " ON CONFLICT (merchant_id, source, app_key) DO UPDATE SET secret = EXCLUDED.secret,"
                        + " scheme = EXCLUDED.scheme, active = true")
                .bind("merchant", credential.merchantId())
                .bind("source", credential.source())
                .bind("appKey", credential.appKey())
                .bind("secret", credential.secret())
                .bind("scheme", credential.scheme())
                .fetch().rowsUpdated().then();
    }
}
