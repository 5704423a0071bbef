CREATE TABLE influencers (
    id           text        PRIMARY KEY,
    merchant_id  text        NOT NULL,
    display_name text        NOT NULL,
    email_sha256 text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- A TikTok creator id identifies one influencer per merchant; matched trimmed and case-insensitively.
CREATE TABLE creator_accounts (
    merchant_id       text NOT NULL,
    creator_id_lower  text NOT NULL,
    creator_id        text NOT NULL,
    influencer_id     text NOT NULL REFERENCES influencers (id),
    PRIMARY KEY (merchant_id, creator_id_lower)
);

-- The decision for an order is fixed by its first paid status and never re-attributed.
CREATE TABLE attribution_decisions (
    merchant_id       text        NOT NULL,
    source            text        NOT NULL,
    external_order_id text        NOT NULL,
    influencer_id     text,
    rule              text,
    hint_value        text,
    reason            text,
    last_status       text        NOT NULL,
    order_event_id    text        NOT NULL,
    decided_at        timestamptz NOT NULL,
    PRIMARY KEY (merchant_id, source, external_order_id)
);
