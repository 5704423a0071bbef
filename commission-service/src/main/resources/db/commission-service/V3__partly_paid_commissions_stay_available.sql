-- A commission is PAID only once its standing influencer share (accrued minus reversed) is all paid out.
-- Earlier versions marked a commission PAID after any payout, so the unpaid rest of a partial payout
-- could never be named by a later payout. Those commissions go back to AVAILABLE; the ledger is not
-- touched (what may still be paid stays bounded by the influencer's available balance).
UPDATE commissions
SET status = 'AVAILABLE'
WHERE status = 'PAID'
  AND paid_influencer_minor < influencer_minor - reversed_influencer_minor;
