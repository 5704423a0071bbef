-- The "new sale" message states the commission the sale will earn, but sales.v1 does not carry it:
-- commission-service computes it and publishes commissions.v1 CommissionAccrued for the same sale
-- (merchant, source, order and influencer: the ids both events carry; commission-service accrues a sale
-- at most once). One row per sale, filled by whichever event comes first; the sale's notifications are
-- written once both are here, or without the commission once wait_until has passed (no plan, not
-- commissionable, or commission-service late). notified_at is set by whoever writes them, under the
-- row's lock, so the two listeners and the timeout never notify a sale twice.
CREATE TABLE sale_commissions (
    merchant_id         text        NOT NULL,
    source              text        NOT NULL,
    external_order_id   text        NOT NULL,
    influencer_id       text        NOT NULL,
    -- the sale (sales.v1 SaleAttributed); null while only the commission has arrived
    sale_event_id       text,
    sale_occurred_at    timestamptz,
    total_minor         bigint,
    currency            text,
    rule                text,
    wait_until          timestamptz,
    -- the commission (commissions.v1 CommissionAccrued); null until it arrives, or for good
    commission_event_id text,
    commission_minor    bigint,
    commission_currency text,
    rate_percent        text,
    hold_until          timestamptz,
    notified_at         timestamptz,
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (merchant_id, source, external_order_id, influencer_id)
);
CREATE INDEX sale_commissions_waiting ON sale_commissions (wait_until)
    WHERE notified_at IS NULL AND sale_event_id IS NOT NULL;
CREATE INDEX sale_commissions_age ON sale_commissions (created_at);
