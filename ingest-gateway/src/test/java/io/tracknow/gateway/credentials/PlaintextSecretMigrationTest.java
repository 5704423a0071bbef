package io.tracknow.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.tracknow.embedded.PostgresDatabases;
import io.tracknow.secrets.SecretCipher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The real upgrade path: a database at V1 holding a plain-text secret is migrated to V2 by Flyway,
 * then the start-up step seals the secret; it still verifies, and the plain-text column is empty.
 */
class PlaintextSecretMigrationTest {

    private final PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
    private final String database =
            "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_gw_migration";

    @AfterEach
    void drop() {
        postgres.drop(database);
    }

    @Test
    void migratesAV1PlainTextSecretToAnEncryptedOne() throws Exception {
        postgres.ensure(database);
        flyway("1").migrate();
        try (Connection jdbc = jdbc();
                Statement sql = jdbc.createStatement()) {
            sql.executeUpdate("INSERT INTO merchant_credentials (merchant_id, source, app_key, secret, scheme)"
                    + " VALUES ('m-legacy', 'TIKTOK_SHOP', 'key-1', 'legacy-secret', 'AUTHORIZATION')");
        }

        flyway(null).migrate();
        ConnectionFactory r2dbc = ConnectionFactories.get(ConnectionFactoryOptions.parse(postgres.r2dbcUrl(database))
                .mutate()
                .option(ConnectionFactoryOptions.USER, postgres.user())
                .option(ConnectionFactoryOptions.PASSWORD, postgres.password())
                .build());
        SecretCipher cipher = SecretCipher.fromSetting(null, true, SecretCipherConfiguration.SETTING);
        CredentialStore store = new CredentialStore(
                DatabaseClient.create(r2dbc), cipher, new R2dbcTransactionManager(r2dbc), Duration.ofMinutes(5));
        assertThat(store.active("m-legacy", "TIKTOK_SHOP")
                        .map(MerchantCredential::secret)
                        .collectList()
                        .block())
                .as("readable between the schema migration and the start-up step")
                .containsExactly("legacy-secret");

        assertThat(store.encryptPlaintextSecrets().block()).isEqualTo(1);
        assertThat(store.encryptPlaintextSecrets().block()).as("idempotent").isZero();

        try (Connection jdbc = jdbc();
                Statement sql = jdbc.createStatement();
                ResultSet row =
                        sql.executeQuery("SELECT secret, secret_ciphertext, app_key FROM merchant_credentials")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("secret")).isNull();
            assertThat(new String(row.getBytes("secret_ciphertext"), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("legacy-secret");
            assertThat(row.getString("app_key")).isEqualTo("key-1");
        }
        List<MerchantCredential> sealed =
                store.active("m-legacy", "TIKTOK_SHOP").collectList().block();
        assertThat(sealed).extracting(MerchantCredential::secret).containsExactly("legacy-secret");
        assertThat(sealed).extracting(MerchantCredential::scheme).containsExactly("AUTHORIZATION");
    }

    private Flyway flyway(String target) {
        var config = Flyway.configure()
                .dataSource(postgres.jdbcUrl(database), postgres.user(), postgres.password())
                .locations("classpath:db/ingest-gateway");
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }
}
