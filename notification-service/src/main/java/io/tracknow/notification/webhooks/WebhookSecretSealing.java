package io.tracknow.notification.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Completes the V4 migration: Flyway cannot encrypt (it has no key), so at start-up every webhook secret
 * still in the plain-text column is sealed with AES-GCM and the column cleared (as the gateway does for
 * merchant secrets). Idempotent, and safe with several replicas starting at once.
 */
@Component
@Order(0)
class WebhookSecretSealing implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecretSealing.class);

    private final WebhookEndpoints endpoints;

    WebhookSecretSealing(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void run(ApplicationArguments args) {
        Long sealed = endpoints.sealPlaintextSecrets().block();
        if (sealed != null && sealed > 0) {
            log.info("sealed {} webhook secrets that were stored in plain text before V4", sealed);
        }
    }
}
