-- Payments API (seed 004): API keys of client platforms. Only the SHA-256 of a key is stored; the key is
-- shown once when issued. The webhook secret signs this key's callbacks (HMAC-SHA256), so it is kept.
CREATE TABLE collect_api_keys (
    key_id         text        PRIMARY KEY,
    client_id      text        NOT NULL,
    mode           text        NOT NULL CHECK (mode IN ('sandbox', 'live')),
    key_sha256     text        NOT NULL UNIQUE,
    webhook_secret text        NOT NULL,
    created_at     timestamptz NOT NULL,
    revoked_at     timestamptz
);
CREATE INDEX collect_api_keys_by_client ON collect_api_keys (client_id);
