package io.tracknow.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.tracknow.embedded.PostgresDatabases;
import io.tracknow.secrets.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The real upgrade path: a database at V3 holding a webhook secret in plain text is migrated by Flyway,
 * then the start-up step (WebhookSecretSealing) seals it: the column holds no clear secret any more, and
 * the endpoint still reads the same secret (so its signatures still verify).
 */
class WebhookSecretMigrationTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
    private final String database =
            "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_notif_migration";

    @AfterEach
    void drop() {
        postgres.drop(database);
    }

    @Test
    void sealsAPlainTextSecretWrittenBeforeV4() throws Exception {
        postgres.ensure(database);
        flyway("3").migrate();
        try (Connection jdbc = jdbc();
                Statement sql = jdbc.createStatement()) {
            sql.executeUpdate(
                    "INSERT INTO webhook_endpoints (influencer_id, url, secret, status, created_at, updated_at)"
                            + " VALUES ('inf-legacy', 'https://example.org/hook', '" + SECRET
                            + "', 'ACTIVE', now(), now())");
        }
        flyway(null).migrate();

        ConnectionFactory r2dbc = ConnectionFactories.get(ConnectionFactoryOptions.parse(postgres.r2dbcUrl(database))
                .mutate()
                .option(ConnectionFactoryOptions.USER, postgres.user())
                .option(ConnectionFactoryOptions.PASSWORD, postgres.password())
                .build());
        SecretCipher cipher = SecretCipher.fromSetting(null, true, WebhookConfiguration.SETTING);
        WebhookEndpoints endpoints = new WebhookEndpoints(DatabaseClient.create(r2dbc), cipher, Clock.systemUTC());
        assertThat(endpoints.find("inf-legacy").map(Endpoint::secret).block())
                .as("readable between the schema migration and the start-up step")
                .isEqualTo(SECRET);

        assertThat(endpoints.sealPlaintextSecrets().block()).isEqualTo(1);
        assertThat(endpoints.sealPlaintextSecrets().block()).as("idempotent").isZero();

        try (Connection jdbc = jdbc();
                Statement sql = jdbc.createStatement();
                ResultSet row = sql.executeQuery("SELECT secret, secret_ciphertext FROM webhook_endpoints")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("secret")).isNull();
            assertThat(new String(row.getBytes("secret_ciphertext"), StandardCharsets.ISO_8859_1))
                    .doesNotContain(SECRET)
                    .doesNotContain(SECRET.substring("whsec_".length()));
        }
        Endpoint sealed = endpoints.find("inf-legacy").block();
        assertThat(sealed.secret()).isEqualTo(SECRET);
        // the docs' worked example, signed with the secret read back from its sealed form
        assertThat(WebhookSignature.sign(
                        sealed.secret(),
                        "msg_5f0c6d1e-8a51-4c9b-9d3e-2b7e0f1a4c11",
                        1796205605L,
                        "{\"type\":\"commission-accrued\",\"timestamp\":\"2026-12-02T10:00:00Z\",\"data\":{\"notificationId\":"
                                + "\"5f0c6d1e-8a51-4c9b-9d3e-2b7e0f1a4c11\",\"title\":\"You earned $18.83\"}}"))
                .isEqualTo("v1,EYh4QehJNYLP6qIu9ns4ei8haZGPWHbviYDxf4BSytA=");
    }

    private Flyway flyway(String target) {
        var config = Flyway.configure()
                .dataSource(postgres.jdbcUrl(database), postgres.user(), postgres.password())
                .locations("classpath:db/notification-service");
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }
}
