package io.tracknow.commission.lifecycle;

/** Where a commission stands in its life (docs/commission-service.md, "Life cycle"). */
public enum CommissionStatus {
    /** Accrued, in the hold: the influencer's share is pending. */
    PENDING,
    /** Validated when the hold ended; its standing share is available and not all paid out yet. */
    AVAILABLE,
    /** Its whole standing share has been paid out. */
    PAID,
    /** Reversed whole: nothing of it stands. */
    REVERSED
}
