package io.tracknow.payment.setup;

import io.r2dbc.spi.Readable;
import io.tracknow.payment.config.GatewaySecrets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One payment set-up per merchant. The non-secret settings are a JSON column; the secrets are one
 * AES-GCM ciphertext of their JSON, bound to the merchant and the gateway (a ciphertext copied onto
 * another merchant's row, or read as another gateway's, does not open), decrypted only in memory.
 */
@Repository
public class SetupStore {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

    private final DatabaseClient db;
    private final GatewaySecrets secrets;
    private final JsonMapper json;

    public SetupStore(DatabaseClient db, GatewaySecrets secrets, JsonMapper json) {
        this.db = db;
        this.secrets = secrets;
        this.json = json;
    }

    Mono<GatewaySetup> save(String merchantId, SetupRequest request, Instant now, String actor) {
        byte[] sealed = secrets.require()
                .encrypt(
                        json.writeValueAsString(request.secrets()),
                        merchantId,
                        request.gateway().id());
        return db.sql(
                        "INSERT INTO merchant_payment_setups (merchant_id, gateway, currency, settings, secrets_ciphertext,"
                                + " auto_debit_enabled, activated_at, updated_at, updated_by) VALUES (:merchant, :gateway, :currency,"
                                + " CAST(:settings AS jsonb), :secrets, :autoDebit, :activatedAt, :now, :actor)"
                                + " ON CONFLICT (merchant_id) DO UPDATE SET gateway = EXCLUDED.gateway, currency = EXCLUDED.currency,"
                                + " settings = EXCLUDED.settings, secrets_ciphertext = EXCLUDED.secrets_ciphertext,"
                                + " auto_debit_enabled = EXCLUDED.auto_debit_enabled, activated_at = EXCLUDED.activated_at,"
                                + " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")
                .bind("merchant", merchantId)
                .bind("gateway", request.gateway().id())
                .bind("currency", request.currency())
                .bind("settings", json.writeValueAsString(request.settings()))
                .bind("secrets", ByteBuffer.wrap(sealed))
                .bind("autoDebit", request.autoDebitEnabled())
                .bind("activatedAt", request.activatedAt())
                .bind("now", now)
                .bind("actor", actor)
                .fetch()
                .rowsUpdated()
                .then(Mono.fromSupplier(() -> new GatewaySetup(
                        merchantId,
                        request.gateway(),
                        request.currency(),
                        request.settings(),
                        request.secrets(),
                        request.autoDebitEnabled(),
                        request.activatedAt(),
                        now,
                        actor)));
    }

    /** The merchant's set-up with its secrets decrypted, or empty when it has none. */
    public Mono<GatewaySetup> find(String merchantId) {
        return db.sql("SELECT merchant_id, gateway, currency, settings::text AS settings, secrets_ciphertext,"
                        + " auto_debit_enabled, activated_at, updated_at, updated_by FROM merchant_payment_setups"
                        + " WHERE merchant_id = :merchant")
                .bind("merchant", merchantId)
                .map(this::setup)
                .all()
                .singleOrEmpty();
    }

    private GatewaySetup setup(Readable row) {
        String merchantId = row.get("merchant_id", String.class);
        Gateway gateway = Gateway.byId(row.get("gateway", String.class))
                .orElseThrow(() ->
                        new IllegalStateException("stored gateway " + row.get("gateway", String.class) + " unknown"));
        ByteBuffer sealed = row.get("secrets_ciphertext", ByteBuffer.class);
        byte[] bytes = new byte[sealed.remaining()];
        sealed.get(bytes);
        Map<String, String> opened =
                json.readValue(secrets.require().decrypt(bytes, merchantId, gateway.id()), STRINGS);
        Map<String, String> settings = new LinkedHashMap<>(json.readValue(row.get("settings", String.class), STRINGS));
        return new GatewaySetup(
                merchantId,
                gateway,
                row.get("currency", String.class).trim(),
                settings,
                opened,
                Boolean.TRUE.equals(row.get("auto_debit_enabled", Boolean.class)),
                row.get("activated_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("updated_by", String.class));
    }
}
