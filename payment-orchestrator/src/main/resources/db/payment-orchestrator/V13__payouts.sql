-- Where an influencer is paid, per currency: a mobile-money wallet (E.164 number) or a bank account (IBAN).
CREATE TABLE payout_accounts (
    influencer_id  text        NOT NULL,
    currency       char(3)     NOT NULL,
    method         text        NOT NULL CHECK (method IN ('mobile_money', 'bank_transfer')),
    provider       text        CHECK (provider IN ('orange_money', 'mtn_momo', 'moov_money', 'wave')),
    msisdn         text,
    country        char(2),
    iban           text,
    holder_name    text        NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (influencer_id, currency),
    CHECK ((method = 'mobile_money') = (provider IS NOT NULL AND msisdn IS NOT NULL)),
    CHECK ((method = 'bank_transfer') = (iban IS NOT NULL))
);

-- An influencer an operator holds: the payout run skips them until the hold is lifted.
CREATE TABLE payout_holds (
    influencer_id  text        PRIMARY KEY,
    reason         text        NOT NULL,
    held_at        timestamptz NOT NULL,
    held_by        text        NOT NULL
);

-- A payout not made (no account): told once per influencer, week and currency.
CREATE TABLE payout_skips (
    influencer_id  text        NOT NULL,
    week           text        NOT NULL,
    currency       char(3)     NOT NULL,
    reason         text        NOT NULL,
    skipped_at     timestamptz NOT NULL,
    PRIMARY KEY (influencer_id, week, currency)
);

-- Which payout pays a commission's influencer share; a failed payout gives its commissions back (payout_id NULL).
ALTER TABLE merchant_payables ADD COLUMN payout_id uuid REFERENCES gateway_transactions (id);
CREATE INDEX merchant_payables_to_pay ON merchant_payables (influencer_id, currency) WHERE validated_at IS NOT NULL AND payout_id IS NULL;
