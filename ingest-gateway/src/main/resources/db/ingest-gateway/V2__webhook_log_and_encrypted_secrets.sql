-- Several secrets per merchant and source (rotation): one row per secret, identified by its own id.
ALTER TABLE merchant_credentials DROP CONSTRAINT merchant_credentials_pkey;
ALTER TABLE merchant_credentials ADD COLUMN id bigserial PRIMARY KEY;
-- Secrets are stored AES-GCM encrypted. Rows written before V2 keep their plain-text secret until the
-- gateway's start-up encrypts them (PlaintextSecretMigration) and clears the column; Flyway has no key.
ALTER TABLE merchant_credentials ADD COLUMN secret_ciphertext bytea;
ALTER TABLE merchant_credentials ALTER COLUMN secret DROP NOT NULL;
ALTER TABLE merchant_credentials ADD CONSTRAINT secret_present CHECK (secret IS NOT NULL OR secret_ciphertext IS NOT NULL);
CREATE INDEX merchant_credentials_lookup ON merchant_credentials (merchant_id, source) WHERE active;

-- Every delivery, whatever its outcome. Never a secret: signature headers are dropped, the body is
-- kept only as its SHA-256; an accepted delivery keeps its normalised event (Avro binary + writer
-- schema) so that an operator can replay it.
CREATE TABLE webhook_log (
    id               bigserial   PRIMARY KEY,
    received_at      timestamptz NOT NULL,
    source           text        NOT NULL,
    merchant_id      text        NOT NULL,
    outcome          text        NOT NULL,
    reason           text,
    http_status      int         NOT NULL,
    headers          jsonb       NOT NULL,
    body_sha256      text,
    body_bytes       int,
    latency_ms       bigint      NOT NULL,
    dedupe_key       text,
    event_id         text,
    topic            text,
    event_key        text,
    event_schema     text,
    event_avro       bytea,
    replay_count     int         NOT NULL DEFAULT 0,
    last_replayed_at timestamptz
);
CREATE INDEX webhook_log_merchant_time ON webhook_log (merchant_id, received_at DESC);
CREATE INDEX webhook_log_time ON webhook_log (received_at DESC);
