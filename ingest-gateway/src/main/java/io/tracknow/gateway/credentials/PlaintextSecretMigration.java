package io.tracknow.gateway.credentials;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Completes the V2 migration: Flyway cannot encrypt (it has no key), so at start-up every secret still
 * in the plain-text column is sealed with AES-GCM and the column cleared. Idempotent and safe with
 * several replicas starting at once (each row is updated only while it still holds plain text).
 */
@Component
@Order(0)
class PlaintextSecretMigration implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PlaintextSecretMigration.class);

    private final CredentialStore store;

    PlaintextSecretMigration(CredentialStore store) {
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) {
        Long sealed = store.encryptPlaintextSecrets().block();
        if (sealed != null && sealed > 0) {
            log.info("encrypted {} merchant secrets that were stored in plain text before V2", sealed);
        }
    }
}
