-- Webhook secrets sealed at rest (SecretCipher, AES-GCM, the key of tracknow.payment.secret-key, bound to the
-- key id). New keys are written sealed only; rows written in clear before this version are sealed by the
-- service at start-up (collect.keys.WebhookSecrets), which then clears webhook_secret: the key is in the
-- environment, not in the database, so SQL cannot do it.
ALTER TABLE collect_api_keys ADD COLUMN webhook_secret_sealed bytea;
ALTER TABLE collect_api_keys ALTER COLUMN webhook_secret DROP NOT NULL;
ALTER TABLE collect_api_keys ADD CONSTRAINT collect_api_keys_webhook_secret_kept
    CHECK (webhook_secret IS NOT NULL OR webhook_secret_sealed IS NOT NULL);
