package io.tracknow.notification.contacts;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an influencer can be told, one template each ({@code templates/<language>/<name>.*.mustache}),
 * and the name preferences use.
 */
public enum NotificationType {
    SALE_ATTRIBUTED("sale-attributed"),
    COMMISSION_ACCRUED("commission-accrued"),
    COMMISSION_VALIDATED("commission-validated"),
    COMMISSION_REVERSED("commission-reversed"),
    COMMISSION_CLAWBACK("commission-clawback"),
    COMMISSION_PAID_OUT("commission-paid-out"),
    PAYOUT_SENT("payout-sent"),
    PAYOUT_COMPLETED("payout-completed"),
    PAYOUT_FAILED("payout-failed"),
    PAYOUT_SKIPPED("payout-skipped"),
    /** Our own: the influencer's webhook endpoint was disabled after repeated failures (never sent over that webhook). */
    WEBHOOK_DISABLED("webhook-disabled");

    private final String name;

    NotificationType(String name) {
        this.name = name;
    }

    /** The template and preference name, e.g. "commission-accrued". */
    public String templateName() {
        return name;
    }

    public static Optional<NotificationType> ofName(String name) {
        return Arrays.stream(values()).filter(t -> t.name.equals(name)).findFirst();
    }

    /** Only sales can be grouped into the daily digest, and only by e-mail. */
    public boolean digestible(Channel channel) {
        return this == SALE_ATTRIBUTED && channel == Channel.EMAIL;
    }
}
