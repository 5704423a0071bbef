package io.tracknow.gateway.intake;

import io.tracknow.events.common.Refund;
import java.time.Instant;
import java.util.List;

/**
 * Refunds as {@code orders.v1} carries them: each identified (the shop's refund id, or a natural key
 * where the shop has none) with its own amount, never a running total, so that downstream counts each
 * refund once by its id. How long an id and how large an amount may be is {@link PayloadLimits}' job, as
 * for every other id and amount.
 */
public final class Refunds {

    private Refunds() {}

    public static Refund of(String id, long amountMinor, Instant occurredAt, String field) {
        if (id == null || id.isBlank()) {
            throw new InvalidWebhookException(field + ": a refund needs an id");
        }
        return Refund.newBuilder()
                .setRefundId(id)
                .setAmountMinor(amountMinor)
                .setOccurredAt(occurredAt)
                .build();
    }

    /**
     * The refunds' sum, for {@code refundedMinor} (derived; {@code refunds} is the source of truth). A sum
     * no long can hold is an {@link ArithmeticException}, answered 400 "out of range" like every overflow.
     */
    public static long total(List<Refund> refunds) {
        return refunds.stream().mapToLong(Refund::getAmountMinor).reduce(0L, Math::addExact);
    }
}
