-- Which debit's amount a reversal lowered: a reversal of a commission not yet debited lowers the debit that
-- collects the commission; one that arrives after its commission's debit completed lowers the merchant's next
-- debit (it is netted there). NULL: not yet taken into account by any debit.
ALTER TABLE merchant_payable_reversals ADD COLUMN debit_id uuid REFERENCES gateway_transactions (id);
-- reversals recorded before this column: those of a commission already in a debit count as taken into account
-- by that debit (never netted twice)
UPDATE merchant_payable_reversals r SET debit_id = p.debit_id
    FROM merchant_payables p WHERE p.commission_id = r.commission_id AND p.debit_id IS NOT NULL;
CREATE INDEX merchant_payable_reversals_to_net ON merchant_payable_reversals (merchant_id, currency) WHERE debit_id IS NULL;
