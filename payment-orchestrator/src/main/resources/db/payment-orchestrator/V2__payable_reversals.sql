-- Commissions taken back (cancellation, refund, clawback) lower what the merchant owes; one row per reversal event.
CREATE TABLE merchant_payable_reversals (
    event_id          text        PRIMARY KEY,
    commission_id     text        NOT NULL,
    merchant_id       text        NOT NULL,
    currency          char(3)     NOT NULL,
    influencer_minor  bigint      NOT NULL,
    platform_minor    bigint      NOT NULL,
    reason            text        NOT NULL,
    recorded_at       timestamptz NOT NULL
);
CREATE INDEX merchant_payable_reversals_by_merchant ON merchant_payable_reversals (merchant_id, currency);
