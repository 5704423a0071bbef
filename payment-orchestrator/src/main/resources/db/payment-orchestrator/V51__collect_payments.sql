-- Payments API (seed 004): one row per payment a client platform initiated. payment_id is unique per
-- client and mode (sandbox keys see only sandbox payments), so a re-sent initiate finds the first one.
CREATE TABLE collect_payments (
    external_payment_id text        PRIMARY KEY,
    client_id           text        NOT NULL,
    mode                text        NOT NULL CHECK (mode IN ('sandbox', 'live')),
    key_id              text        NOT NULL REFERENCES collect_api_keys (key_id),
    client_payment_id   text        NOT NULL,
    request_sha256      text        NOT NULL,
    amount_minor        bigint      NOT NULL CHECK (amount_minor > 0),
    currency            char(3)     NOT NULL,
    payment_method      text        NOT NULL CHECK (payment_method IN ('mobile_money', 'credit_card')),
    callback_url        text        NOT NULL,
    client_metadata     text        NOT NULL,
    provider            text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
    initiate_response   text        NOT NULL,
    transaction_id      text,
    provider_reference  text,
    provider_metadata   text,
    reason              text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    completed_at        timestamptz,
    cancelled_at        timestamptz,
    failed_at           timestamptz,
    -- the sandbox's own next step (3.00 completes after 30 s, the rest is cancelled when it expires)
    due_at              timestamptz,
    due_status          text,
    CONSTRAINT collect_payments_once_per_client UNIQUE (client_id, mode, client_payment_id)
);
CREATE INDEX collect_payments_due ON collect_payments (due_at) WHERE due_at IS NOT NULL;

-- Seed 004 "logs d'audit": every change of every payment, with who made it. Never updated.
CREATE TABLE collect_audit (
    id                  bigserial   PRIMARY KEY,
    external_payment_id text        NOT NULL REFERENCES collect_payments (external_payment_id),
    at                  timestamptz NOT NULL,
    actor               text        NOT NULL,
    from_status         text,
    to_status           text        NOT NULL,
    detail              text        NOT NULL
);
CREATE INDEX collect_audit_by_payment ON collect_audit (external_payment_id, id);

-- Idempotency-Key on initiate and cancel: the first answer to a key is kept for 24 hours and replayed.
CREATE TABLE collect_idempotency_keys (
    client_id       text        NOT NULL,
    mode            text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_sha256  text        NOT NULL,
    response_status int,
    response_body   text,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (client_id, mode, idempotency_key)
);
