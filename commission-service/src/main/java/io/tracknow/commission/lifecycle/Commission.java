package io.tracknow.commission.lifecycle;

import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One accrued commission and where it stands: the split of the sale as accrued (never rewritten),
 * the rates and plan version in force when the sale was paid, and the cumulative amounts reversed
 * and paid out since. Every amount is {@link Money} in the sale's currency (checked on construction).
 */
public record Commission(
        UUID id,
        String merchantId,
        String source,
        String externalOrderId,
        String influencerId,
        Money saleTotal,
        BigDecimal influencerRatePercent,
        BigDecimal platformRatePercent,
        Money influencer,
        Money platform,
        Money merchantNet,
        CommissionStatus status,
        Instant accruedAt,
        Instant holdUntil,
        int planVersion,
        Money reversedInfluencer,
        Money reversedPlatform,
        Money paidInfluencer,
        Instant validatedAt) {

    public Commission {
        Objects.requireNonNull(status, "status");
        for (Money amount :
                new Money[] {influencer, platform, merchantNet, reversedInfluencer, reversedPlatform, paidInfluencer}) {
            if (!amount.currency().equals(saleTotal.currency())) {
                throw new IllegalArgumentException("commission " + id + " mixes " + amount.currency() + " into a "
                        + saleTotal.currency() + " sale");
            }
        }
    }

    /** A commission just accrued: pending, nothing reversed or paid yet. */
    public static Commission accrued(
            UUID id,
            String merchantId,
            String source,
            String externalOrderId,
            String influencerId,
            Split split,
            Instant accruedAt,
            Instant holdUntil,
            int planVersion) {
        Money zero = Money.of(0, split.sale().currency().getCurrencyCode());
        return new Commission(
                id,
                merchantId,
                source,
                externalOrderId,
                influencerId,
                split.sale(),
                split.influencerRatePercent(),
                split.platformRatePercent(),
                split.influencer(),
                split.platform(),
                split.merchantNet(),
                CommissionStatus.PENDING,
                accruedAt,
                holdUntil,
                planVersion,
                zero,
                zero,
                zero,
                null);
    }

    /** The ISO code of the sale's currency, the currency of every amount here. */
    public String currency() {
        return saleTotal.currency().getCurrencyCode();
    }

    public long saleTotalMinor() {
        return saleTotal.minor();
    }

    public long influencerMinor() {
        return influencer.minor();
    }

    public long platformMinor() {
        return platform.minor();
    }

    public long merchantNetMinor() {
        return merchantNet.minor();
    }

    public long reversedInfluencerMinor() {
        return reversedInfluencer.minor();
    }

    public long reversedPlatformMinor() {
        return reversedPlatform.minor();
    }

    public long paidInfluencerMinor() {
        return paidInfluencer.minor();
    }

    /** The influencer's share still standing after reversals. */
    public long remainingInfluencerMinor() {
        return influencer.minus(reversedInfluencer).minor();
    }

    /** {@code minor} units of this commission's currency. */
    public Money money(long minor) {
        return Money.of(minor, currency());
    }

    public Commission withStatus(CommissionStatus newStatus, Instant newValidatedAt) {
        return new Commission(
                id,
                merchantId,
                source,
                externalOrderId,
                influencerId,
                saleTotal,
                influencerRatePercent,
                platformRatePercent,
                influencer,
                platform,
                merchantNet,
                newStatus,
                accruedAt,
                holdUntil,
                planVersion,
                reversedInfluencer,
                reversedPlatform,
                paidInfluencer,
                newValidatedAt);
    }

    public Commission withReversed(long influencerMinor, long platformMinor, CommissionStatus newStatus) {
        return new Commission(
                id,
                merchantId,
                source,
                externalOrderId,
                influencerId,
                saleTotal,
                influencerRatePercent,
                platformRatePercent,
                influencer,
                platform,
                merchantNet,
                newStatus,
                accruedAt,
                holdUntil,
                planVersion,
                money(influencerMinor),
                money(platformMinor),
                paidInfluencer,
                validatedAt);
    }

    /** Paid {@code paidMinor} in all; PAID once that covers the standing share, else still AVAILABLE for the rest. */
    public Commission withPaid(long paidMinor) {
        CommissionStatus next =
                paidMinor >= remainingInfluencerMinor() ? CommissionStatus.PAID : CommissionStatus.AVAILABLE;
        return new Commission(
                id,
                merchantId,
                source,
                externalOrderId,
                influencerId,
                saleTotal,
                influencerRatePercent,
                platformRatePercent,
                influencer,
                platform,
                merchantNet,
                next,
                accruedAt,
                holdUntil,
                planVersion,
                reversedInfluencer,
                reversedPlatform,
                money(paidMinor),
                validatedAt);
    }
}
