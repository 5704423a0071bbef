package io.tracknow.payment.journal;

import io.tracknow.events.payments.PaymentStatus;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of a payment with a provider (docs/payment-orchestrator.md, "State machine"):
 * pending (recorded, not sent) → processing (sent; the provider has it or may have it) → completed or
 * failed; review when the provider's word disagrees with the payment (an operator decides: completed or
 * failed); a completed payment may later be refunded. Completed, failed and refunded are final except
 * for that one step.
 */
public enum TransactionStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED,
    REFUNDED,
    REVIEW;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransactionStatus ofDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The states a payment may move to from this one. */
    public Set<TransactionStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(PROCESSING, COMPLETED, FAILED, REVIEW);
            case PROCESSING -> EnumSet.of(COMPLETED, FAILED, REVIEW);
            case REVIEW -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED -> EnumSet.of(REFUNDED);
            case FAILED, REFUNDED -> EnumSet.noneOf(TransactionStatus.class);
        };
    }

    /** The states from which {@code target} may be reached. */
    public static Set<TransactionStatus> into(TransactionStatus target) {
        Set<TransactionStatus> from = EnumSet.noneOf(TransactionStatus.class);
        for (TransactionStatus status : values()) {
            if (status.next().contains(target)) {
                from.add(status);
            }
        }
        return from;
    }

    public boolean open() {
        return this == PENDING || this == PROCESSING;
    }

    /** How payments.v1 names it. */
    public PaymentStatus event() {
        return switch (this) {
            case PENDING -> PaymentStatus.INITIATED;
            case PROCESSING -> PaymentStatus.PENDING;
            case COMPLETED -> PaymentStatus.SUCCEEDED;
            case FAILED -> PaymentStatus.FAILED;
            case REFUNDED -> PaymentStatus.REFUNDED;
            case REVIEW -> PaymentStatus.REVIEW;
        };
    }
}
