CREATE TABLE merchant_credentials (
    merchant_id text        NOT NULL,
    source      text        NOT NULL,
    app_key     text        NOT NULL DEFAULT '',
    secret      text        NOT NULL,
    scheme      text        NOT NULL,
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, source, app_key)
);

-- One row per distinct delivery: the dedupe key is the source's own event id or a natural key.
CREATE TABLE delivery_receipts (
    merchant_id text        NOT NULL,
    source      text        NOT NULL,
    dedupe_key  text        NOT NULL,
    event_id    text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('PUBLISHING', 'ACCEPTED')),
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, source, dedupe_key)
);
