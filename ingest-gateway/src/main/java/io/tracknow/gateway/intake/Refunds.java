package io.tracknow.gateway.intake;

import io.tracknow.events.common.Refund;
import java.time.Instant;
import java.util.List;

/**
 * Refunds as {@code orders.v1} carries them: each identified (the shop's refund id, or a natural key
 * where the shop has none) with its own amount, never a running total, so that downstream counts each
 * refund once by its id. A refund id is at most {@value #MAX_ID_LENGTH} characters and an amount is never
 * negative; anything else is a 400 naming the field.
 */
public final class Refunds {

    public static final int MAX_ID_LENGTH = 255;

    private Refunds() {
    }

    public static Refund of(String id, long amountMinor, Instant occurredAt, String field) {
        if (id == null || id.isBlank()) {
            throw new InvalidWebhookException(field + ": a refund needs an id");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new InvalidWebhookException(field + ": a refund id has at most " + MAX_ID_LENGTH + " characters");
        }
        if (amountMinor < 0) {
            throw new InvalidWebhookException(field + ": a refund amount cannot be negative");
        }
        return Refund.newBuilder().setRefundId(id).setAmountMinor(amountMinor).setOccurredAt(occurredAt).build();
    }

    /**
     * The refunds' sum, for {@code refundedMinor} (derived; {@code refunds} is the source of truth). A sum
     * no long can hold is an {@link ArithmeticException}, answered 400 "out of range" like every overflow.
     */
    public static long total(List<Refund> refunds) {
        return refunds.stream().mapToLong(Refund::getAmountMinor).reduce(0L, Math::addExact);
    }
}
