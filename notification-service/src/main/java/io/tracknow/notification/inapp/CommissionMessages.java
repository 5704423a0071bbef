package io.tracknow.notification.inapp;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.money.Money;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What an influencer is told at each step of a commission's life: earned (pending until the hold
 * ends), validated (available for the next payout), taken back (cancellation, refund, clawback) and
 * paid out. Amounts are shown with the currency's own digits. Other kinds are not notified.
 */
final class CommissionMessages {

    /** A template name with its rendered title and body. */
    record Message(String template, String title, String body) {
    }

    private CommissionMessages() {
    }

    static Optional<Message> of(CommissionEvent event) {
        String currency = event.getCurrency();
        String order = event.getExternalOrderId();
        return switch (event.getEvent()) {
            case CommissionAccrued accrued -> {
                String amount = amount(accrued.getInfluencerMinor(), currency);
                yield Optional.of(new Message("commission-accrued", "You earned " + amount,
                        "Order " + order + " earned you " + amount + " (" + accrued.getInfluencerRatePercent() + " % of "
                                + amount(accrued.getSaleTotalMinor(), currency) + "). It is pending until "
                                + DateTimeFormatter.ISO_LOCAL_DATE.format(accrued.getHoldUntil().atOffset(ZoneOffset.UTC))
                                + ", then becomes available for the next payout."));
            }
            case CommissionValidated validated -> Optional.of(new Message("commission-validated",
                    amount(validated.getInfluencerMinor(), currency) + " is now available",
                    "The hold on your commission for order " + order + " has ended: "
                            + amount(validated.getInfluencerMinor(), currency) + " will be in your next payout."));
            case CommissionReversed reversed -> Optional.of(new Message("commission-reversed",
                    amount(reversed.getInfluencerMinor(), currency) + " taken back",
                    "Order " + order + " was " + reason(reversed) + ", so " + amount(reversed.getInfluencerMinor(), currency)
                            + " of your commission was taken back."));
            case CommissionPaidOut paid -> Optional.of(new Message("commission-paid-out",
                    amount(paid.getInfluencerMinor(), currency) + " paid out",
                    amount(paid.getInfluencerMinor(), currency) + " for order " + order + " was paid out (payment "
                            + paid.getPaymentId() + ")."));
            default -> Optional.empty();
        };
    }

    private static String amount(long minor, String currency) {
        return Money.format(minor, currency) + " " + currency;
    }

    private static String reason(CommissionReversed reversed) {
        return switch (reversed.getReason()) {
            case CANCELLED -> "cancelled";
            case REFUNDED -> "refunded";
            case PARTLY_REFUNDED -> "partly refunded";
            case CLAWBACK -> "refunded after your payout (it will be recovered from your next commissions)";
            default -> "changed";
        };
    }
}
