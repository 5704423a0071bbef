-- A merchant's plan; merchants without a row use the defaults of tracknow.commission.default-plan.
CREATE TABLE commission_plans (
    merchant_id             text          PRIMARY KEY,
    influencer_rate_percent numeric(7, 4) NOT NULL CHECK (influencer_rate_percent BETWEEN 0 AND 100),
    platform_rate_percent   numeric(7, 4) NOT NULL CHECK (platform_rate_percent BETWEEN 0 AND 100),
    hold_days               integer       NOT NULL CHECK (hold_days >= 0),
    CHECK (influencer_rate_percent + platform_rate_percent <= 100)
);

-- One accrual per sale; the unique key keeps a sale from being counted twice.
CREATE TABLE commissions (
    id                      uuid          PRIMARY KEY,
    merchant_id             text          NOT NULL,
    source                  text          NOT NULL,
    external_order_id       text          NOT NULL,
    influencer_id           text          NOT NULL,
    currency                char(3)       NOT NULL,
    sale_total_minor        bigint        NOT NULL,
    influencer_rate_percent numeric(7, 4) NOT NULL,
    platform_rate_percent   numeric(7, 4) NOT NULL,
    influencer_minor        bigint        NOT NULL,
    platform_minor          bigint        NOT NULL,
    merchant_net_minor      bigint        NOT NULL,
    status                  text          NOT NULL,
    accrued_at              timestamptz   NOT NULL,
    hold_until              timestamptz   NOT NULL,
    UNIQUE (merchant_id, source, external_order_id)
);
CREATE INDEX commissions_by_influencer ON commissions (influencer_id, accrued_at);
