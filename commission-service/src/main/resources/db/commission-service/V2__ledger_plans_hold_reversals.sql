-- ---------------------------------------------------------------------------------------------
-- Commission plans, versioned: a change inserts a new version effective from that moment, so the
-- plan in force when a sale was paid can always be found again and past accruals never change.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE plan_versions (
    merchant_id             text          NOT NULL,
    version                 integer       NOT NULL CHECK (version > 0),
    effective_from          timestamptz   NOT NULL,
    influencer_rate_percent numeric(7, 4) NOT NULL CHECK (influencer_rate_percent BETWEEN 0 AND 100),
    platform_rate_percent   numeric(7, 4) NOT NULL CHECK (platform_rate_percent BETWEEN 0 AND 100),
    hold_days               integer       NOT NULL CHECK (hold_days BETWEEN 0 AND 365),
    created_by              text          NOT NULL,
    PRIMARY KEY (merchant_id, version),
    CHECK (influencer_rate_percent + platform_rate_percent <= 100)
);

-- An override inside one plan version: matches a line when every selector it sets is equal.
CREATE TABLE plan_rules (
    merchant_id             text          NOT NULL,
    version                 integer       NOT NULL,
    influencer_id           text,
    sku                     text,
    category                text,
    influencer_rate_percent numeric(7, 4) NOT NULL CHECK (influencer_rate_percent BETWEEN 0 AND 100),
    platform_rate_percent   numeric(7, 4) NOT NULL CHECK (platform_rate_percent BETWEEN 0 AND 100),
    FOREIGN KEY (merchant_id, version) REFERENCES plan_versions (merchant_id, version),
    CHECK (influencer_rate_percent + platform_rate_percent <= 100),
    CHECK (influencer_id IS NOT NULL OR sku IS NOT NULL OR category IS NOT NULL),
    CHECK (sku IS NULL OR category IS NULL)
);
CREATE UNIQUE INDEX plan_rules_one_per_selector
    ON plan_rules (merchant_id, version, coalesce(influencer_id, ''), coalesce(sku, ''), coalesce(category, ''));

-- Plans of V1 become version 1, in force since always.
INSERT INTO plan_versions (merchant_id, version, effective_from, influencer_rate_percent, platform_rate_percent,
                           hold_days, created_by)
SELECT merchant_id, 1, '-infinity', influencer_rate_percent, platform_rate_percent, hold_days, 'migration'
FROM commission_plans;
DROP TABLE commission_plans;

-- ---------------------------------------------------------------------------------------------
-- Commission life cycle: PENDING -> AVAILABLE (hold ended) -> PAID; REVERSED when nothing is left.
-- Cumulative reversed and paid amounts make every later decision a comparison with what was accrued.
-- ---------------------------------------------------------------------------------------------
ALTER TABLE commissions
    ADD COLUMN plan_version              integer NOT NULL DEFAULT 0,
    ADD COLUMN reversed_influencer_minor bigint  NOT NULL DEFAULT 0,
    ADD COLUMN reversed_platform_minor   bigint  NOT NULL DEFAULT 0,
    ADD COLUMN paid_influencer_minor     bigint  NOT NULL DEFAULT 0,
    ADD COLUMN validated_at              timestamptz,
    ADD CONSTRAINT commissions_status CHECK (status IN ('PENDING', 'AVAILABLE', 'PAID', 'REVERSED')),
    ADD CONSTRAINT commissions_split CHECK (influencer_minor >= 0 AND platform_minor >= 0 AND merchant_net_minor >= 0
        AND influencer_minor + platform_minor + merchant_net_minor = sale_total_minor),
    ADD CONSTRAINT commissions_reversals_within_accrual CHECK (
        reversed_influencer_minor BETWEEN 0 AND influencer_minor
        AND reversed_platform_minor BETWEEN 0 AND platform_minor),
    ADD CONSTRAINT commissions_paid_within_accrual CHECK (paid_influencer_minor BETWEEN 0 AND influencer_minor);
CREATE INDEX commissions_due ON commissions (hold_until) WHERE status = 'PENDING';

-- The rate each order line earned and which rule chose it (the commission keeps the blended rate).
CREATE TABLE commission_lines (
    commission_id           uuid          NOT NULL REFERENCES commissions (id),
    line                    integer       NOT NULL,
    sku                     text,
    category                text,
    line_minor              bigint        NOT NULL,
    influencer_rate_percent numeric(7, 4) NOT NULL,
    platform_rate_percent   numeric(7, 4) NOT NULL,
    rule                    text          NOT NULL,
    PRIMARY KEY (commission_id, line)
);

-- ---------------------------------------------------------------------------------------------
-- The double-entry ledger. An entry's postings sum to zero per currency (checked at commit by a
-- deferred constraint trigger); entries and postings are never updated or deleted, only reversed
-- by new entries. Amounts are signed minor units: debit positive, credit negative.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ledger_entries (
    id                uuid        PRIMARY KEY,
    seq               bigserial   NOT NULL UNIQUE,
    kind              text        NOT NULL CHECK (kind IN ('ACCRUAL', 'VALIDATION', 'REVERSAL', 'PAYOUT', 'COLLECTION')),
    reason            text,
    commission_id     uuid REFERENCES commissions (id),
    payment_id        text,
    occurred_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_by_commission ON ledger_entries (commission_id);
-- one entry per payment (influencer payout or merchant collection): a replayed payment moves nothing twice
CREATE UNIQUE INDEX ledger_entries_one_per_payment ON ledger_entries (payment_id) WHERE kind IN ('PAYOUT', 'COLLECTION');
-- one accrual and one validation per commission
CREATE UNIQUE INDEX ledger_entries_once ON ledger_entries (commission_id, kind) WHERE kind IN ('ACCRUAL', 'VALIDATION');

CREATE TABLE ledger_postings (
    entry_id     uuid    NOT NULL REFERENCES ledger_entries (id),
    line         integer NOT NULL,
    account      text    NOT NULL CHECK (account IN ('MERCHANT_PAYABLE', 'INFLUENCER_PENDING',
                         'INFLUENCER_AVAILABLE', 'PLATFORM_REVENUE', 'PAID_OUT', 'COLLECTED')),
    owner_id     text    NOT NULL,
    currency     char(3) NOT NULL,
    amount_minor bigint  NOT NULL CHECK (amount_minor <> 0),
    PRIMARY KEY (entry_id, line)
);
CREATE INDEX ledger_postings_by_owner ON ledger_postings (owner_id, account, currency);

CREATE FUNCTION ledger_entry_balances() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ledger_postings WHERE entry_id = NEW.entry_id
               GROUP BY currency HAVING sum(amount_minor) <> 0) THEN
        RAISE EXCEPTION 'ledger entry % does not balance', NEW.entry_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_postings_balance
    AFTER INSERT ON ledger_postings DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_balances();

CREATE FUNCTION ledger_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();

-- Commissions accrued before the ledger existed get their accrual entry (and validation, if due later).
INSERT INTO ledger_entries (id, kind, commission_id, occurred_at)
SELECT id, 'ACCRUAL', id, accrued_at FROM commissions;
INSERT INTO ledger_postings (entry_id, line, account, owner_id, currency, amount_minor)
SELECT id, 1, 'MERCHANT_PAYABLE', merchant_id, currency, influencer_minor + platform_minor
FROM commissions WHERE influencer_minor + platform_minor <> 0
UNION ALL
SELECT id, 2, 'INFLUENCER_PENDING', influencer_id, currency, -influencer_minor FROM commissions WHERE influencer_minor <> 0
UNION ALL
SELECT id, 3, 'PLATFORM_REVENUE', 'platform', currency, -platform_minor FROM commissions WHERE platform_minor <> 0;
