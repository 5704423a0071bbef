-- The journal (seed 003's gateway_transactions): every payment with a provider, merchant debits and
-- influencer payouts alike. Money in minor units + currency, not DECIMAL. Payloads are stored masked and
-- as text: a provider's answer is not always JSON (a gateway's HTML error page is kept as it came).
CREATE TABLE gateway_transactions (
    id                uuid        PRIMARY KEY,
    kind              text        NOT NULL CHECK (kind IN ('MERCHANT_DEBIT', 'INFLUENCER_PAYOUT')),
    merchant_id       text,
    influencer_id     text,
    gateway           text        NOT NULL,
    external_id       text,
    idempotency_key   text        NOT NULL UNIQUE,
    period            text,
    amount_minor      bigint      NOT NULL CHECK (amount_minor > 0),
    currency          char(3)     NOT NULL,
    fees_minor        bigint      NOT NULL DEFAULT 0 CHECK (fees_minor >= 0),
    net_minor         bigint,
    status            text        NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'refunded', 'review')),
    failure_reason    text,
    redirect_url      text,
    request_payload   text,
    response_payload  text,
    commission_ids    text[]      NOT NULL DEFAULT '{}',
    initiated_at      timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    completed_at      timestamptz,
    CHECK ((kind = 'MERCHANT_DEBIT') = (merchant_id IS NOT NULL)),
    CHECK ((kind = 'INFLUENCER_PAYOUT') = (influencer_id IS NOT NULL))
);
CREATE INDEX gateway_transactions_merchant ON gateway_transactions (merchant_id);
CREATE INDEX gateway_transactions_influencer ON gateway_transactions (influencer_id);
CREATE INDEX gateway_transactions_open ON gateway_transactions (status, updated_at) WHERE status IN ('pending', 'processing');
CREATE INDEX gateway_transactions_external ON gateway_transactions (gateway, external_id);

-- Every state change, in order: the journal's history (each row is also a payments.v1 event in the outbox).
CREATE TABLE gateway_transaction_changes (
    id              bigserial   PRIMARY KEY,
    transaction_id  uuid        NOT NULL REFERENCES gateway_transactions (id),
    from_status     text,
    to_status       text        NOT NULL,
    reason          text,
    actor           text        NOT NULL,
    changed_at      timestamptz NOT NULL
);
CREATE INDEX gateway_transaction_changes_by_transaction ON gateway_transaction_changes (transaction_id, id);
