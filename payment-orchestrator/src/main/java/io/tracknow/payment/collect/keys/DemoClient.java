package io.tracknow.payment.collect.keys;

import io.tracknow.payment.collect.config.CollectProperties;
import io.tracknow.web.auth.TokenDigest;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The demo platform's sandbox client, so that the curl examples of docs/payments-api.md work right after
 * {@code ./platform start}: client {@code demo-client}, API key {@code demo-payments-key}, webhook secret
 * {@code demo-webhook-secret}. Seeded once (a restart keeps the row), only when demo is on.
 */
@Component
class DemoClient implements ApplicationRunner {

    public static final String CLIENT = "demo-client";
    public static final String API_KEY = "demo-payments-key";
    public static final String WEBHOOK_SECRET = "demo-webhook-secret";
    private static final Logger log = LoggerFactory.getLogger(DemoClient.class);

    private final CollectProperties properties;
    private final DatabaseClient db;
    private final Clock clock;
    private final WebhookSecrets webhookSecrets;

    DemoClient(CollectProperties properties, DatabaseClient db, Clock clock, WebhookSecrets webhookSecrets) {
        this.properties = properties;
        this.db = db;
        this.clock = clock;
        this.webhookSecrets = webhookSecrets;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demo()) {
            return;
        }
        db.sql("INSERT INTO collect_api_keys (key_id, client_id, mode, key_sha256, webhook_secret_sealed, created_at)"
                        + " VALUES ('key_demo', :client, 'sandbox', :sha, :secret, :at) ON CONFLICT DO NOTHING")
                .bind("client", CLIENT)
                .bind("sha", TokenDigest.sha256Hex(API_KEY))
                .bind("secret", webhookSecrets.seal("key_demo", WEBHOOK_SECRET))
                .bind("at", clock.instant())
                .fetch()
                .rowsUpdated()
                .block();
        log.info(
                "demo payments API client {}: sandbox API key {}, callback secret {}", CLIENT, API_KEY, WEBHOOK_SECRET);
    }
}
