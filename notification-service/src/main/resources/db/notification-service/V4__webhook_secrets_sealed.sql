-- Influencers' webhook signing secrets (whsec_…) are sealed at rest with AES-GCM (SecretCipher, key
-- tracknow.notifications.secret-key, the influencer id as associated data) in secret_ciphertext. Flyway
-- cannot encrypt (it has no key): at start-up WebhookSecretSealing seals every secret still in the
-- plain-text column and clears it (idempotent, safe with several replicas starting at once); until then a
-- row is read from whichever column holds it. A later migration can drop "secret" once every deployment
-- has started on this version.
ALTER TABLE webhook_endpoints
    ADD COLUMN secret_ciphertext bytea,
    ALTER COLUMN secret DROP NOT NULL,
    ADD CONSTRAINT webhook_endpoints_secret_held CHECK (secret IS NOT NULL OR secret_ciphertext IS NOT NULL);
