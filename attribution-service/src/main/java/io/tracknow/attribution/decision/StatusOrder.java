package io.tracknow.attribution.decision;

import io.tracknow.events.common.OrderStatus;

/**
 * An order's life cycle only moves forward: pending, paid, fulfilled, partly refunded, then
 * refunded or cancelled. A status that would move a sale back (a late "paid" after "fulfilled") is
 * stale and changes nothing.
 */
final class StatusOrder {

    private StatusOrder() {}

    static int rank(String status) {
        return switch (OrderStatus.valueOf(status)) {
            case PENDING -> 0;
            case PAID -> 1;
            case FULFILLED -> 2;
            case PARTLY_REFUNDED -> 3;
            case REFUNDED, CANCELLED -> 4;
            default -> -1;
        };
    }

    static boolean isPaid(OrderStatus status) {
        return status == OrderStatus.PAID || status == OrderStatus.FULFILLED;
    }
}
