package io.tracknow.payment.collect.live;

import io.r2dbc.spi.Readable;
import io.tracknow.payment.config.GatewaySecrets;
import io.tracknow.payment.setup.Gateway;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each client platform's live provider per payment method. The settings are a JSON column; the secrets one
 * AES-GCM ciphertext of their JSON (the payment service's {@code SecretCipher}, as merchants' set-ups),
 * bound to the client, the method and the gateway, decrypted only in memory.
 */
@Repository
class ClientProviders {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final String PURPOSE = "collect-provider";

    private final DatabaseClient db;
    private final GatewaySecrets secrets;
    private final JsonMapper json = JsonMapper.builder().build();

    ClientProviders(DatabaseClient db, GatewaySecrets secrets) {
        this.db = db;
        this.secrets = secrets;
    }

    Mono<ClientProvider> save(ClientProvider provider) {
        return Mono.fromCallable(() -> secrets.require()
                        .encrypt(
                                json.writeValueAsString(provider.secrets()),
                                PURPOSE,
                                provider.clientId(),
                                provider.paymentMethod(),
                                provider.gateway().id()))
                .flatMap(
                        ciphertext -> db.sql("INSERT INTO collect_client_providers (client_id, payment_method, gateway,"
                                        + " settings, secrets_sealed, updated_at, updated_by) VALUES (:client, :method, :gateway,"
                                        + " CAST(:settings AS jsonb), :sealed, :at, :by) ON CONFLICT (client_id, payment_method)"
                                        + " DO UPDATE SET gateway = EXCLUDED.gateway, settings = EXCLUDED.settings,"
                                        + " secrets_sealed = EXCLUDED.secrets_sealed, updated_at = EXCLUDED.updated_at,"
                                        + " updated_by = EXCLUDED.updated_by")
                                .bind("client", provider.clientId())
                                .bind("method", provider.paymentMethod())
                                .bind("gateway", provider.gateway().id())
                                .bind("settings", json.writeValueAsString(provider.settings()))
                                .bind("sealed", ByteBuffer.wrap(ciphertext))
                                .bind("at", provider.updatedAt())
                                .bind("by", provider.updatedBy())
                                .fetch()
                                .rowsUpdated())
                .thenReturn(provider);
    }

    /** The client's provider for the method, secrets opened; empty when it has none. */
    Mono<ClientProvider> find(String clientId, String paymentMethod) {
        return db.sql("SELECT client_id, payment_method, gateway, settings::text AS settings, secrets_sealed,"
                        + " updated_at, updated_by FROM collect_client_providers"
                        + " WHERE client_id = :client AND payment_method = :method")
                .bind("client", clientId)
                .bind("method", paymentMethod)
                .map(this::provider)
                .one();
    }

    Flux<ClientProvider> ofClient(String clientId) {
        return db.sql("SELECT client_id, payment_method, gateway, settings::text AS settings, secrets_sealed,"
                        + " updated_at, updated_by FROM collect_client_providers WHERE client_id = :client"
                        + " ORDER BY payment_method")
                .bind("client", clientId)
                .map(this::provider)
                .all();
    }

    Mono<Boolean> delete(String clientId, String paymentMethod) {
        return db.sql("DELETE FROM collect_client_providers WHERE client_id = :client AND payment_method = :method")
                .bind("client", clientId)
                .bind("method", paymentMethod)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    private ClientProvider provider(Readable row) {
        String clientId = row.get("client_id", String.class);
        String method = row.get("payment_method", String.class);
        Gateway gateway = Gateway.byId(row.get("gateway", String.class))
                .orElseThrow(() ->
                        new IllegalStateException("stored gateway " + row.get("gateway", String.class) + " unknown"));
        ByteBuffer sealed = row.get("secrets_sealed", ByteBuffer.class);
        byte[] bytes = new byte[sealed.remaining()];
        sealed.get(bytes);
        Map<String, String> opened =
                json.readValue(secrets.require().decrypt(bytes, PURPOSE, clientId, method, gateway.id()), STRINGS);
        return new ClientProvider(
                clientId,
                method,
                gateway,
                json.readValue(row.get("settings", String.class), STRINGS),
                opened,
                row.get("updated_at", Instant.class),
                row.get("updated_by", String.class));
    }
}
