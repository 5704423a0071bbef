package io.tracknow.commission.lifecycle;

import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One accrued commission and where it stands: the split of the sale as accrued (never rewritten),
 * the rates and plan version in force when the sale was paid, and the cumulative amounts reversed
 * and paid out since. Amounts in minor units of {@code currency}.
 *
 * @param status PENDING (in the hold), AVAILABLE (validated, not all paid yet), PAID (its standing share all
 *               paid out), REVERSED (nothing left)
 */
public record Commission(UUID id, String merchantId, String source, String externalOrderId, String influencerId,
                         String currency, long saleTotalMinor, BigDecimal influencerRatePercent,
                         BigDecimal platformRatePercent, long influencerMinor, long platformMinor,
                         long merchantNetMinor, String status, Instant accruedAt, Instant holdUntil,
                         int planVersion, long reversedInfluencerMinor, long reversedPlatformMinor,
                         long paidInfluencerMinor, Instant validatedAt) {

    public static final String PENDING = "PENDING";
    public static final String AVAILABLE = "AVAILABLE";
    public static final String PAID = "PAID";
    public static final String REVERSED = "REVERSED";

    /** The influencer's share still standing after reversals. */
    public long remainingInfluencerMinor() {
        return influencerMinor - reversedInfluencerMinor;
    }

    public Money money(long minor) {
        return Money.of(minor, currency);
    }

    public Commission withStatus(String newStatus, Instant newValidatedAt) {
        return new Commission(id, merchantId, source, externalOrderId, influencerId, currency, saleTotalMinor,
                influencerRatePercent, platformRatePercent, influencerMinor, platformMinor, merchantNetMinor,
                newStatus, accruedAt, holdUntil, planVersion, reversedInfluencerMinor, reversedPlatformMinor,
                paidInfluencerMinor, newValidatedAt);
    }

    public Commission withReversed(long influencer, long platform, String newStatus) {
        return new Commission(id, merchantId, source, externalOrderId, influencerId, currency, saleTotalMinor,
                influencerRatePercent, platformRatePercent, influencerMinor, platformMinor, merchantNetMinor,
                newStatus, accruedAt, holdUntil, planVersion, influencer, platform, paidInfluencerMinor, validatedAt);
    }

    /** Paid {@code paid} in all; PAID once that covers the standing share, else still AVAILABLE for the rest. */
    public Commission withPaid(long paid) {
        return new Commission(id, merchantId, source, externalOrderId, influencerId, currency, saleTotalMinor,
                influencerRatePercent, platformRatePercent, influencerMinor, platformMinor, merchantNetMinor,
                paid >= remainingInfluencerMinor() ? PAID : AVAILABLE, accruedAt, holdUntil, planVersion, reversedInfluencerMinor, reversedPlatformMinor, paid,
                validatedAt);
    }
}
