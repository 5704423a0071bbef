-- In-app notifications; one per causing event, so a redelivery never notifies twice.
CREATE TABLE notifications (
    id             uuid        PRIMARY KEY,
    influencer_id  text        NOT NULL,
    channel        text        NOT NULL,
    template       text        NOT NULL,
    title          text        NOT NULL,
    body           text        NOT NULL,
    cause_event_id text        NOT NULL,
    created_at     timestamptz NOT NULL,
    read_at        timestamptz,
    UNIQUE (cause_event_id, channel)
);
CREATE INDEX notifications_by_influencer ON notifications (influencer_id, created_at DESC);
