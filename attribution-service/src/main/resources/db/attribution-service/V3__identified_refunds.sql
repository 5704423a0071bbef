-- Refunds are identified (orders.v1 refunds[]: the shop's refund id or a natural key). An order's
-- refunds are recorded once per refund id; a report is new when it brings a status not seen before or a
-- refund id not seen before, so two refunds of equal amounts are two, and a refund re-sent is a repeat.
CREATE TABLE order_refunds (
    merchant_id       text         NOT NULL,
    source            text         NOT NULL,
    external_order_id text         NOT NULL,
    refund_id         varchar(255) NOT NULL,
    amount_minor      bigint       NOT NULL CHECK (amount_minor >= 0),
    occurred_at       timestamptz,
    order_event_id    text         NOT NULL,
    recorded_at       timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, source, external_order_id, refund_id)
);

-- The refunded amount no longer identifies a report: it is kept in the key only for events of producers
-- that predate identified refunds (they carry no refunds[], and their refundedMinor is all there is).
-- Events with identified refunds record 0 here.
ALTER TABLE order_statuses RENAME COLUMN refunded_minor TO legacy_refunded_minor;
