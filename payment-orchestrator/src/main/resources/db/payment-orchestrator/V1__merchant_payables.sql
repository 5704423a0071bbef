-- What each merchant owes for each accrued commission: the influencer's and the platform's share.
CREATE TABLE merchant_payables (
    commission_id     text        PRIMARY KEY,
    merchant_id       text        NOT NULL,
    influencer_id     text        NOT NULL,
    external_order_id text        NOT NULL,
    currency          char(3)     NOT NULL,
    influencer_minor  bigint      NOT NULL,
    platform_minor    bigint      NOT NULL,
    recorded_at       timestamptz NOT NULL
);
CREATE INDEX merchant_payables_by_merchant ON merchant_payables (merchant_id, currency);
