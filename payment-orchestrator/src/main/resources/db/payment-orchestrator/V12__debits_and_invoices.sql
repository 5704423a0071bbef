-- A commission is collected from its merchant once validated (after the hold): validated_at says since when,
-- debit_id which debit (a gateway_transactions row) collects it; each payable is in at most one debit.
ALTER TABLE merchant_payables ADD COLUMN validated_at timestamptz;
ALTER TABLE merchant_payables ADD COLUMN debit_id uuid REFERENCES gateway_transactions (id);
CREATE INDEX merchant_payables_to_debit ON merchant_payables (merchant_id, currency) WHERE validated_at IS NOT NULL AND debit_id IS NULL;

-- The manual gateway: an invoice per debit, paid when an operator marks it so.
CREATE TABLE invoices (
    id            uuid        PRIMARY KEY REFERENCES gateway_transactions (id),
    merchant_id   text        NOT NULL,
    amount_minor  bigint      NOT NULL CHECK (amount_minor > 0),
    currency      char(3)     NOT NULL,
    period        text        NOT NULL,
    issued_at     timestamptz NOT NULL,
    paid_at       timestamptz,
    paid_by       text,
    reference     text
);
CREATE INDEX invoices_by_merchant ON invoices (merchant_id, issued_at DESC);
