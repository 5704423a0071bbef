-- How to reach an influencer: attribution-service keeps only a hash of the e-mail address and knows no
-- locale or time zone, so notification-service owns them (set through its API by the operator or the
-- influencer). No row: French, the default time zone, no e-mail.
CREATE TABLE influencer_contacts (
    influencer_id text        PRIMARY KEY,
    email         text,
    locale        text        NOT NULL,
    time_zone     text        NOT NULL,
    quiet_start   time,
    quiet_end     time,
    updated_at    timestamptz NOT NULL,
    updated_by    text        NOT NULL
);

-- Per influencer, event type and channel: IMMEDIATE (the default, no row), DIGEST (sales by e-mail only) or OFF.
CREATE TABLE notification_preferences (
    influencer_id text        NOT NULL,
    event_type    text        NOT NULL,
    channel       text        NOT NULL,
    mode          text        NOT NULL CHECK (mode IN ('IMMEDIATE', 'DIGEST', 'OFF')),
    updated_at    timestamptz NOT NULL,
    updated_by    text        NOT NULL,
    PRIMARY KEY (influencer_id, event_type, channel)
);

-- One signed-webhook endpoint per influencer; disabled after repeated failures, with the reason.
CREATE TABLE webhook_endpoints (
    influencer_id        text        PRIMARY KEY,
    url                  text        NOT NULL,
    secret               text        NOT NULL,
    status               text        NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
    consecutive_failures int         NOT NULL DEFAULT 0,
    disabled_reason      text,
    disabled_at          timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);

-- A notification is one message on one channel for one causing event (still unique on both). In-app
-- rows are DELIVERED when written; e-mail and webhook rows wait as PENDING (or DIGEST for a daily
-- digest) until the delivery worker sends them, then end DELIVERED, FAILED or SUPPRESSED.
ALTER TABLE notifications
    ADD COLUMN seq             bigserial,
    ADD COLUMN event_type      text,
    ADD COLUMN status          text        NOT NULL DEFAULT 'DELIVERED'
        CHECK (status IN ('PENDING', 'DIGEST', 'DELIVERED', 'FAILED', 'SUPPRESSED')),
    ADD COLUMN locale          text        NOT NULL DEFAULT 'en',
    ADD COLUMN recipient       text,
    ADD COLUMN payload         text,
    ADD COLUMN attempts        int         NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN last_error      text,
    ADD COLUMN digest_day      date,
    ADD COLUMN finished_at     timestamptz;
UPDATE notifications SET event_type = template, finished_at = created_at;
ALTER TABLE notifications ALTER COLUMN event_type SET NOT NULL;
CREATE UNIQUE INDEX notifications_seq ON notifications (seq);
CREATE INDEX notifications_feed ON notifications (influencer_id, seq DESC) WHERE channel = 'IN_APP' AND status = 'DELIVERED';
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status IN ('PENDING', 'DIGEST');

-- Every delivery attempt: the delivery log.
CREATE TABLE delivery_attempts (
    id              bigserial   PRIMARY KEY,
    notification_id uuid        NOT NULL REFERENCES notifications (id),
    channel         text        NOT NULL,
    attempt         int         NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('DELIVERED', 'RETRY', 'FAILED', 'SUPPRESSED', 'HELD')),
    error           text,
    at              timestamptz NOT NULL
);
CREATE INDEX delivery_attempts_by_notification ON delivery_attempts (notification_id, id);
