package io.tracknow.payment.journal;

import io.tracknow.events.payments.PaymentKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of the journal: a merchant debit or an influencer payout with a provider. */
public record Transaction(
        UUID id,
        PaymentKind kind,
        String merchantId,
        String influencerId,
        String gateway,
        String externalId,
        String idempotencyKey,
        String period,
        long amountMinor,
        String currency,
        long feesMinor,
        Long netMinor,
        TransactionStatus status,
        String failureReason,
        String redirectUrl,
        String requestPayload,
        String responsePayload,
        List<String> commissionIds,
        Instant initiatedAt,
        Instant updatedAt,
        Instant completedAt) {

    public Transaction {
        commissionIds = List.copyOf(commissionIds);
    }

    /** The debited merchant or the paid influencer. */
    public String owner() {
        return kind == PaymentKind.MERCHANT_DEBIT ? merchantId : influencerId;
    }
}
