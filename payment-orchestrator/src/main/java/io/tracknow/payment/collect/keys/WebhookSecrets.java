package io.tracknow.payment.collect.keys;

import io.tracknow.payment.config.GatewaySecrets;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Webhook secrets at rest: sealed with the payment service's one {@code SecretCipher} (the key that seals
 * merchants' gateway secrets, {@code tracknow.payment.secret-key}), bound to the API key's id, so a sealed
 * value copied onto another key's row does not open. They must be readable (they sign callbacks), so they are
 * encrypted, not hashed. At start-up, rows written in clear before V54 are sealed and their clear column
 * emptied (a start-up step, not a Flyway migration: the key lives in the environment, not in SQL); without a
 * configured key they stay as they are and still sign, and the service says so in its log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WebhookSecrets implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);
    private static final String PURPOSE = "collect-webhook-secret";

    private final GatewaySecrets secrets;
    private final DatabaseClient db;

    WebhookSecrets(GatewaySecrets secrets, DatabaseClient db) {
        this.secrets = secrets;
        this.db = db;
    }

    /** @throws io.tracknow.web.ApiProblem 503 when no key is configured (no key can be issued then) */
    public ByteBuffer seal(String keyId, String webhookSecret) {
        return ByteBuffer.wrap(secrets.require().encrypt(webhookSecret, PURPOSE, keyId));
    }

    /** The secret of a key row: its sealed value opened, or the clear value of a row not sealed yet. */
    public String open(String keyId, ByteBuffer sealed, String clear) {
        if (sealed == null) {
            return clear;
        }
        byte[] bytes = new byte[sealed.remaining()];
        sealed.get(bytes);
        return secrets.require().decrypt(bytes, PURPOSE, keyId);
    }

    @Override
    public void run(ApplicationArguments args) {
        sealClearRows();
    }

    /** Seals every webhook secret still in clear. @return how many rows it sealed */
    public long sealClearRows() {
        if (secrets.cipher() == null) {
            Long clear = db.sql("SELECT count(*) FROM collect_api_keys WHERE webhook_secret IS NOT NULL")
                    .map(row -> row.get(0, Long.class))
                    .one()
                    .block();
            if (clear != null && clear > 0) {
                log.error(
                        "{} webhook secrets are stored in clear: set tracknow.payment.secret-key"
                                + " (TRACKNOW_PAYMENT_SECRET_KEY) so that they are sealed at the next start",
                        clear);
            }
            return 0;
        }
        Long sealed = db.sql("SELECT key_id, webhook_secret FROM collect_api_keys WHERE webhook_secret IS NOT NULL")
                .map(row -> new String[] {row.get("key_id", String.class), row.get("webhook_secret", String.class)})
                .all()
                .concatMap(row -> db.sql("UPDATE collect_api_keys SET webhook_secret_sealed = :sealed,"
                                + " webhook_secret = NULL WHERE key_id = :id AND webhook_secret = :clear")
                        .bind("sealed", seal(row[0], row[1]))
                        .bind("id", row[0])
                        .bind("clear", row[1])
                        .fetch()
                        .rowsUpdated())
                .reduce(0L, Long::sum)
                .block();
        if (sealed != null && sealed > 0) {
            log.info("sealed {} webhook secrets stored in clear", sealed);
        }
        return sealed == null ? 0 : sealed;
    }
}
