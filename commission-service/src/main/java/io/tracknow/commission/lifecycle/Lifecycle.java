package io.tracknow.commission.lifecycle;

import static io.tracknow.commission.ledger.Account.INFLUENCER_AVAILABLE;
import static io.tracknow.commission.ledger.Account.INFLUENCER_PENDING;
import static io.tracknow.commission.ledger.Account.MERCHANT_PAYABLE;
import static io.tracknow.commission.ledger.Account.PAID_OUT;
import static io.tracknow.commission.ledger.Account.PLATFORM;
import static io.tracknow.commission.ledger.Account.PLATFORM_REVENUE;

import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.JournalEntry.Kind;
import io.tracknow.commission.ledger.Posting;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.common.OrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The life of a commission as pure decisions: each returns a {@link Step}, the commission's next state,
 * the journal entry that records the movement and the event to publish, which {@link StepRecorder}
 * writes in one transaction. The rules:
 * <ul>
 *   <li>accrual: the merchant owes the influencer's and the platform's shares; the influencer's is pending;</li>
 *   <li>validation: when the hold ends, what is left of the influencer's share moves pending → available;</li>
 *   <li>reversal: cancelled or refunded takes the whole accrual back, refunds take back
 *       round-half-up(accrued × min(Σ distinct refunds, total) / total) cumulatively, so the reversals of one commission never
 *       exceed what was accrued; it comes out of pending before validation, out of available after
 *       (after a payout that may make available negative: a clawback, recovered from later commissions);</li>
 *   <li>payout: a succeeded payout moves its amount available → paid out, never more than the
 *       validated, unpaid shares of the commissions it names nor more than the influencer's available
 *       balance in that currency (so a clawback is recovered before anything more is paid); a commission
 *       is PAID only once all of its standing share is paid, until then the rest stays payable.</li>
 * </ul>
 * Every decision is idempotent on its natural key: replaying an event changes nothing.
 */
public final class Lifecycle {

    private Lifecycle() {}

    /** A commission's next state, the entry recording it (maybe without postings) and the event to publish. */
    public record Step(Commission next, JournalEntry entry, Object event) {}

    /** Accrues a commission just made of a paid sale: the merchant owes both shares, the influencer's is pending. */
    public static Step accrue(Commission c, Instant at) {
        if (c.status() != CommissionStatus.PENDING
                || c.reversedInfluencerMinor() != 0
                || c.paidInfluencerMinor() != 0) {
            throw new IllegalArgumentException("commission " + c.id() + " is not a new one: " + c.status());
        }
        JournalEntry entry = JournalEntry.of(
                Kind.ACCRUAL,
                null,
                c.id(),
                null,
                at,
                new Posting(MERCHANT_PAYABLE, c.merchantId(), c.influencer().plus(c.platform())),
                new Posting(INFLUENCER_PENDING, c.influencerId(), c.money(-c.influencerMinor())),
                new Posting(PLATFORM_REVENUE, PLATFORM, c.money(-c.platformMinor())));
        CommissionAccrued event = CommissionAccrued.newBuilder()
                .setSaleTotalMinor(c.saleTotalMinor())
                .setInfluencerRatePercent(
                        c.influencerRatePercent().stripTrailingZeros().toPlainString())
                .setPlatformRatePercent(
                        c.platformRatePercent().stripTrailingZeros().toPlainString())
                .setInfluencerMinor(c.influencerMinor())
                .setPlatformMinor(c.platformMinor())
                .setMerchantNetMinor(c.merchantNetMinor())
                .setHoldUntil(c.holdUntil())
                .build();
        return new Step(c, entry, event);
    }

    /** Validates a pending commission whose hold has ended at {@code now}. */
    public static Optional<Step> validate(Commission c, Instant now) {
        if (c.status() != CommissionStatus.PENDING || c.holdUntil().isAfter(now)) {
            return Optional.empty();
        }
        long amount = c.remainingInfluencerMinor();
        JournalEntry entry = JournalEntry.of(
                Kind.VALIDATION,
                null,
                c.id(),
                null,
                now,
                new Posting(INFLUENCER_PENDING, c.influencerId(), c.money(amount)),
                new Posting(INFLUENCER_AVAILABLE, c.influencerId(), c.money(-amount)));
        return Optional.of(new Step(
                c.withStatus(CommissionStatus.AVAILABLE, now),
                entry,
                CommissionValidated.newBuilder().setInfluencerMinor(amount).build()));
    }

    /**
     * Reverses what the sale's status and refunds take back. {@code refundedMinor} is the sum of the sale's
     * distinct refunds (each refund id counted once, see {@code SaleRefunds}); CANCELLED and REFUNDED take
     * the whole accrual back whatever was refunded (the shop says nothing of the sale stands), any other
     * status takes back round-half-up(accrued × min(refunded, total) / total) of each share. The target is
     * cumulative: what was already reversed is subtracted, and a smaller target never gives anything back.
     */
    public static Optional<Step> reverse(Commission c, OrderStatus status, long refundedMinor, Instant at) {
        boolean whole = status == OrderStatus.CANCELLED || status == OrderStatus.REFUNDED;
        if (!whole && refundedMinor <= 0) {
            return Optional.empty(); // a status that takes nothing back (paid, fulfilled) with nothing refunded
        }
        long targetInfluencer = whole
                ? c.influencerMinor()
                : c.money(c.influencerMinor())
                        .shareOf(refundedMinor, c.saleTotalMinor())
                        .minor();
        long targetPlatform = whole
                ? c.platformMinor()
                : c.money(c.platformMinor())
                        .shareOf(refundedMinor, c.saleTotalMinor())
                        .minor();
        long influencer = Math.max(0, targetInfluencer - c.reversedInfluencerMinor());
        long platform = Math.max(0, targetPlatform - c.reversedPlatformMinor());
        long reversedInfluencer = c.reversedInfluencerMinor() + influencer;
        long reversedPlatform = c.reversedPlatformMinor() + platform;
        boolean nothingLeft = reversedInfluencer == c.influencerMinor() && reversedPlatform == c.platformMinor();
        boolean allPaid =
                c.paidInfluencerMinor() > 0 && c.paidInfluencerMinor() >= c.influencerMinor() - reversedInfluencer;
        CommissionStatus nextStatus =
                nothingLeft ? CommissionStatus.REVERSED : allPaid ? CommissionStatus.PAID : c.status();
        if (influencer == 0 && platform == 0 && nextStatus == c.status()) {
            return Optional.empty();
        }
        ReversalReason reason = c.paidInfluencerMinor() > 0
                ? ReversalReason.CLAWBACK
                : status == OrderStatus.CANCELLED
                        ? ReversalReason.CANCELLED
                        : whole || refundedMinor >= c.saleTotalMinor()
                                ? ReversalReason.REFUNDED
                                : ReversalReason.PARTLY_REFUNDED;
        var from = c.validatedAt() == null ? INFLUENCER_PENDING : INFLUENCER_AVAILABLE;
        JournalEntry entry = JournalEntry.of(
                Kind.REVERSAL,
                reason.name(),
                c.id(),
                null,
                at,
                new Posting(from, c.influencerId(), c.money(influencer)),
                new Posting(PLATFORM_REVENUE, PLATFORM, c.money(platform)),
                new Posting(MERCHANT_PAYABLE, c.merchantId(), c.money(-Math.addExact(influencer, platform))));
        return Optional.of(new Step(
                c.withReversed(reversedInfluencer, reversedPlatform, nextStatus),
                entry,
                CommissionReversed.newBuilder()
                        .setInfluencerMinor(influencer)
                        .setPlatformMinor(platform)
                        .setReason(reason)
                        .build()));
    }

    /** A payout's entry and the steps of the commissions it settles. */
    public record Payout(JournalEntry entry, List<Step> steps) {}

    /**
     * Settles the named commissions with a succeeded payout of {@code amountMinor}. The amount may not
     * exceed what they can still pay (their validated, unreversed, unpaid shares) nor the influencer's
     * {@code availableMinor} balance in that currency: after a clawback the available balance is below
     * the commissions' unpaid shares by the amount not yet recovered, so the next payouts are smaller
     * until it is made up, and nothing is paid twice. The amount is allocated to the commissions in
     * order; a commission is PAID once its whole standing share is paid, and until then the rest stays
     * payable by a later payout (a commission whose rest went to recover a clawback keeps that rest
     * "payable", but the available balance no longer allows it to be paid).
     *
     * @throws IllegalArgumentException when the amount is not positive or exceeds either bound
     */
    public static Payout payout(
            List<Commission> commissions,
            String influencerId,
            String paymentId,
            long amountMinor,
            String currency,
            long availableMinor,
            Instant at) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("payout " + paymentId + " has a non-positive amount " + amountMinor);
        }
        long payable = 0;
        for (Commission c : commissions) {
            if (!c.influencerId().equals(influencerId) || !c.currency().equals(currency)) {
                throw new IllegalArgumentException(
                        "commission " + c.id() + " is not " + influencerId + "'s in " + currency);
            }
            payable = Math.addExact(payable, payable(c));
        }
        if (amountMinor > payable) {
            throw new IllegalArgumentException("payout " + paymentId + " of " + amountMinor + " " + currency
                    + " exceeds the " + payable + " its commissions have available");
        }
        if (amountMinor > availableMinor) {
            throw new IllegalArgumentException("payout " + paymentId + " of " + amountMinor + " " + currency
                    + " exceeds " + influencerId + "'s available balance of " + availableMinor
                    + " (its commissions could pay " + payable + "; the difference is a clawback not yet recovered)");
        }
        List<Step> steps = new ArrayList<>();
        long rest = amountMinor;
        for (Commission c : commissions) {
            if (payable(c) > 0 && rest > 0) {
                long share = Math.min(rest, payable(c));
                rest -= share;
                steps.add(new Step(
                        c.withPaid(c.paidInfluencerMinor() + share),
                        null,
                        CommissionPaidOut.newBuilder()
                                .setInfluencerMinor(share)
                                .setPaymentId(paymentId)
                                .build()));
            }
        }
        var money = io.tracknow.money.Money.of(amountMinor, currency);
        JournalEntry entry = JournalEntry.of(
                Kind.PAYOUT,
                null,
                null,
                paymentId,
                at,
                new Posting(INFLUENCER_AVAILABLE, influencerId, money),
                new Posting(PAID_OUT, influencerId, io.tracknow.money.Money.of(-amountMinor, currency)));
        return new Payout(entry, steps);
    }

    /** What a commission can still pay: its validated, unreversed, unpaid share. */
    static long payable(Commission c) {
        return c.status() == CommissionStatus.AVAILABLE
                ? Math.max(0, c.remainingInfluencerMinor() - c.paidInfluencerMinor())
                : 0;
    }
}
