package io.tracknow.commission.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One journal entry as an influencer's or merchant's statement shows it: the movements on their own
 * accounts and the sale (or payment) it came from.
 *
 * @param sale null for a payout, which comes from a payment
 */
public record StatementLine(
        UUID entryId,
        String kind,
        String reason,
        Instant occurredAt,
        UUID commissionId,
        String paymentId,
        Sale sale,
        List<Movement> movements) {

    /** The sale a commission came from. */
    public record Sale(String merchantId, String source, String externalOrderId, long saleTotalMinor) {}

    /**
     * @param amountMinor signed posting (debit positive)
     * @param effectMinor the change of the balance as shown (owed, pending, available, paid)
     */
    public record Movement(Account account, String currency, long amountMinor, long effectMinor) {}
}
