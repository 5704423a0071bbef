-- The distinct refunds of each sale, as the shop identified them (its refund id, or a natural key the
-- gateway derived). A refund reported again (a redelivery, or listed again on a later order update) hits
-- the primary key and counts once; the sale's refunded total is the sum of these rows, never an amount
-- taken from one event. The amount first recorded for a refund id stands.
CREATE TABLE sale_refunds (
    merchant_id       text        NOT NULL,
    source            text        NOT NULL,
    external_order_id text        NOT NULL,
    refund_id         varchar(255) NOT NULL,
    amount_minor      bigint      NOT NULL CHECK (amount_minor >= 0),
    currency          char(3)     NOT NULL,
    occurred_at       timestamptz,
    recorded_at       timestamptz NOT NULL,
    sale_event_id     text        NOT NULL,
    PRIMARY KEY (merchant_id, source, external_order_id, refund_id)
);
