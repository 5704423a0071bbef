-- What an influencer's tracking links carry to the shop besides utm_source.
ALTER TABLE influencers ADD COLUMN utm_medium text;
ALTER TABLE influencers ADD COLUMN utm_campaign text;
CREATE INDEX influencers_by_merchant_campaign ON influencers (merchant_id, lower(utm_campaign));

-- A promo code identifies one influencer per merchant; matched trimmed and case-insensitively.
CREATE TABLE promo_codes (
    merchant_id    text        NOT NULL,
    code_lower     text        NOT NULL,
    code           text        NOT NULL,
    influencer_id  text        NOT NULL REFERENCES influencers (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, code_lower)
);

-- Where a merchant's tracking links may send buyers, and how long a click counts.
CREATE TABLE merchant_tracking_settings (
    merchant_id             text    PRIMARY KEY,
    allowed_domains         text[]  NOT NULL DEFAULT '{}',
    attribution_window_days integer
);

-- Short codes are global (GET /r/{code} carries no merchant) and unique: the unique key is what
-- makes generation collision-safe under concurrency (insert, retry with a new code on conflict).
CREATE TABLE tracking_links (
    short_code     text        PRIMARY KEY,
    merchant_id    text        NOT NULL,
    influencer_id  text        NOT NULL REFERENCES influencers (id),
    destination    text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tracking_links_by_influencer ON tracking_links (influencer_id);

-- Every redirect, recorded in the same transaction as its clicks.v1 event.
CREATE TABLE clicks (
    click_id       text        PRIMARY KEY,
    short_code     text        NOT NULL REFERENCES tracking_links (short_code),
    merchant_id    text        NOT NULL,
    influencer_id  text        NOT NULL,
    clicked_at     timestamptz NOT NULL
);

-- Every candidate the priority chain considered and why it won or lost; the fraud flag of the winner.
ALTER TABLE attribution_decisions ADD COLUMN candidates jsonb NOT NULL DEFAULT '[]';
ALTER TABLE attribution_decisions ADD COLUMN fraud_flag text;
ALTER TABLE attribution_decisions ADD COLUMN last_occurred_at timestamptz;

-- Each (order, status, refunded amount) is applied once, whatever its event id: shops re-send statuses.
CREATE TABLE order_statuses (
    merchant_id       text        NOT NULL,
    source            text        NOT NULL,
    external_order_id text        NOT NULL,
    status            text        NOT NULL,
    refunded_minor    bigint      NOT NULL,
    occurred_at       timestamptz NOT NULL,
    order_event_id    text        NOT NULL,
    PRIMARY KEY (merchant_id, source, external_order_id, status, refunded_minor)
);
