package io.tracknow.notification.triggers;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.notification.contacts.NotificationType;
import io.tracknow.notification.dispatch.Cause;
import io.tracknow.notification.templates.Amount;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which upstream events an influencer hears about, and the facts each message shows:
 * <ul>
 *   <li>sales.v1: a newly attributed sale (not one flagged as fraud: it earns nothing), with the commission
 *       it earns once commissions.v1 has accrued it ({@link SaleCommissionJoin});</li>
 *   <li>commissions.v1: accrued, validated, reversed (with its reason), clawed back (refunded after the
 *       payout), paid out; an operator's adjustment is not notified;</li>
 *   <li>payments.v1, influencer payouts only: sent (INITIATED), completed (SUCCEEDED), failed (FAILED), and
 *       skipped because the influencer has no payout account (SKIPPED with {@link #NO_PAYOUT_ACCOUNT} as
 *       payment-orchestrator publishes it; FAILED or CANCELLED whose failureReason says so also count).</li>
 * </ul>
 */
public final class Triggers {

    /**
     * The failureReason payment-orchestrator gives a payout it skips for want of an account: PayoutRun.skip
     * publishes payments.v1 INFLUENCER_PAYOUT, status SKIPPED, failureReason {@code "no payout account in <currency>"}
     * (io.tracknow.payment.payouts.PayoutRun; no shared module holds the string, so it is pinned here and
     * there, each with a comment naming the other; PayoutSkippedTest feeds that exact event).
     */
    public static final String NO_PAYOUT_ACCOUNT = "no payout account";

    /** That reason, and the spellings older or other producers used (no-payout-account, NO_PAYOUT_ACCOUNT). */
    private static final Pattern NO_ACCOUNT = Pattern.compile("(?i).*no[ _-]?payout[ _-]?account.*");

    private Triggers() {}

    /** The sale an influencer hears about: an attributed one, not flagged as fraud (it earns nothing). */
    public static Optional<SaleAttributed> attributed(SaleEvent sale) {
        return sale.getEvent() instanceof SaleAttributed attributed && attributed.getFraudFlag() == null
                ? Optional.of(attributed)
                : Optional.empty();
    }

    /** What a sale earns the influencer, from commission-service's CommissionAccrued of the same sale. */
    public record Earned(Amount commission, BigDecimal ratePercent, Instant holdUntil) {

        public static Earned of(CommissionEvent commission, CommissionAccrued accrued) {
            return new Earned(
                    new Amount(accrued.getInfluencerMinor(), commission.getCurrency()),
                    new BigDecimal(accrued.getInfluencerRatePercent()),
                    accrued.getHoldUntil());
        }
    }

    /** The new sale's message; {@code earned} null when no commission came for it ({@link SaleCommissionJoin}). */
    public static Optional<Cause> of(SaleEvent sale, Earned earned) {
        return attributed(sale)
                .map(attributed -> sale(
                        sale.getEventId(),
                        attributed.getInfluencerId(),
                        sale.getOccurredAt(),
                        sale.getMerchantId(),
                        sale.getSource().name(),
                        sale.getExternalOrderId(),
                        new Amount(sale.getTotalMinor(), sale.getCurrency()),
                        attributed.getRule().name(),
                        earned));
    }

    static Cause sale(
            String saleEventId,
            String influencerId,
            Instant occurredAt,
            String merchant,
            String source,
            String order,
            Amount total,
            String rule,
            Earned earned) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("order", order);
        facts.put("merchant", merchant);
        facts.put("source", source);
        facts.put("total", total);
        facts.put("rule", rule);
        facts.put("earned", earned != null);
        if (earned != null) {
            facts.put("commission", earned.commission());
            facts.put("rate", earned.ratePercent());
            facts.put("holdUntil", earned.holdUntil());
        }
        return new Cause(saleEventId, influencerId, NotificationType.SALE_ATTRIBUTED, occurredAt, facts);
    }

    public static Optional<Cause> of(CommissionEvent commission) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("order", commission.getExternalOrderId());
        facts.put("merchant", commission.getMerchantId());
        facts.put("commissionId", commission.getCommissionId());
        String currency = commission.getCurrency();
        NotificationType type;
        switch (commission.getEvent()) {
            case CommissionAccrued accrued -> {
                type = NotificationType.COMMISSION_ACCRUED;
                facts.put("amount", new Amount(accrued.getInfluencerMinor(), currency));
                facts.put("saleTotal", new Amount(accrued.getSaleTotalMinor(), currency));
                facts.put("rate", new BigDecimal(accrued.getInfluencerRatePercent()));
                facts.put("holdUntil", accrued.getHoldUntil());
            }
            case CommissionValidated validated -> {
                type = NotificationType.COMMISSION_VALIDATED;
                facts.put("amount", new Amount(validated.getInfluencerMinor(), currency));
            }
            case CommissionReversed reversed -> {
                ReversalReason reason = reversed.getReason();
                type = reason == ReversalReason.CLAWBACK
                        ? NotificationType.COMMISSION_CLAWBACK
                        : NotificationType.COMMISSION_REVERSED;
                facts.put("amount", new Amount(reversed.getInfluencerMinor(), currency));
                facts.put("reason", reason.name());
                facts.put("cancelled", reason == ReversalReason.CANCELLED);
                facts.put("refunded", reason == ReversalReason.REFUNDED);
                facts.put("partlyRefunded", reason == ReversalReason.PARTLY_REFUNDED);
                facts.put("otherReason", reason == ReversalReason.UNKNOWN);
            }
            case CommissionPaidOut paid -> {
                type = NotificationType.COMMISSION_PAID_OUT;
                facts.put("amount", new Amount(paid.getInfluencerMinor(), currency));
                facts.put("paymentId", paid.getPaymentId());
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new Cause(
                commission.getEventId(), commission.getInfluencerId(), type, commission.getOccurredAt(), facts));
    }

    public static Optional<Cause> of(PaymentEvent payment) {
        if (payment.getKind() != PaymentKind.INFLUENCER_PAYOUT || payment.getInfluencerId() == null) {
            return Optional.empty();
        }
        boolean noAccount = payment.getFailureReason() != null
                && NO_ACCOUNT.matcher(payment.getFailureReason()).matches();
        NotificationType type = switch (payment.getStatus()) {
            case INITIATED -> NotificationType.PAYOUT_SENT;
            case SUCCEEDED -> NotificationType.PAYOUT_COMPLETED;
            case FAILED -> noAccount ? NotificationType.PAYOUT_SKIPPED : NotificationType.PAYOUT_FAILED;
            case CANCELLED -> noAccount ? NotificationType.PAYOUT_SKIPPED : null;
            // what payment-orchestrator publishes today; a skip for another reason has no message of its own
            case SKIPPED -> noAccount ? NotificationType.PAYOUT_SKIPPED : null;
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("amount", new Amount(payment.getAmountMinor(), payment.getCurrency()));
        facts.put("paymentId", payment.getPaymentId());
        facts.put("gateway", payment.getGateway());
        facts.put("reference", payment.getExternalReference());
        facts.put("reason", payment.getFailureReason());
        facts.put("commissions", payment.getCommissionIds().size());
        return Optional.of(new Cause(
                payment.getEventId(), payment.getInfluencerId().toString(), type, payment.getOccurredAt(), facts));
    }
}
