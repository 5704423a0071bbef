package io.tracknow.payment.payables;

import java.time.Instant;

/** One commission the merchant must pay for: the influencer's share plus the platform's, minor units. */
public record Payable(
        String commissionId,
        String merchantId,
        String influencerId,
        String externalOrderId,
        String currency,
        long influencerMinor,
        long platformMinor,
        Instant recordedAt) {

    public long totalMinor() {
        return Math.addExact(influencerMinor, platformMinor);
    }
}
