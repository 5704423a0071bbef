package io.tracknow.payment.journal;

import io.tracknow.events.payments.PaymentEvent;
import java.time.Instant;
import java.util.UUID;

/** A journal row at its current state, as the payments.v1 event that tells the rest of the platform. */
final class PaymentEvents {

    private PaymentEvents() {}

    static PaymentEvent of(Transaction t, Instant at) {
        return PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setPaymentId(t.id().toString())
                .setKind(t.kind())
                .setStatus(t.status().event())
                .setMerchantId(t.merchantId())
                .setInfluencerId(t.influencerId())
                .setAmountMinor(t.amountMinor())
                .setCurrency(t.currency())
                .setGateway(t.gateway())
                .setExternalReference(t.externalId())
                .setFailureReason(t.failureReason())
                .setCommissionIds(java.util.List.copyOf(t.commissionIds()))
                .setFeesMinor(t.feesMinor())
                .setIdempotencyKey(t.idempotencyKey())
                .setPeriod(t.period())
                .build();
    }
}
