-- Signed callbacks to the client's callback_url, one row per status change, delivered in order per payment.
-- A replica takes a due row by leasing it (leased_until) under FOR UPDATE SKIP LOCKED, so each attempt is
-- made once across replicas, and a replica that dies mid-attempt leaves the row to another after the lease.
CREATE TABLE collect_callbacks (
    id                  bigserial   PRIMARY KEY,
    external_payment_id text        NOT NULL REFERENCES collect_payments (external_payment_id),
    key_id              text        NOT NULL REFERENCES collect_api_keys (key_id),
    url                 text        NOT NULL,
    live                boolean     NOT NULL,
    body                text        NOT NULL,
    state               text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts            int         NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL,
    leased_until        timestamptz,
    last_attempt_at     timestamptz,
    last_status         int,
    last_response       text,
    last_error          text,
    created_at          timestamptz NOT NULL,
    delivered_at        timestamptz
);
CREATE INDEX collect_callbacks_due ON collect_callbacks (next_attempt_at) WHERE state = 'pending';
CREATE INDEX collect_callbacks_by_payment ON collect_callbacks (external_payment_id, id);
