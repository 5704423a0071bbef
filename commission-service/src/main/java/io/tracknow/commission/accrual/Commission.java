package io.tracknow.commission.accrual;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One accrued commission as the influencer's statement shows it; amounts in minor units. */
public record Commission(UUID id, String merchantId, String source, String externalOrderId, String influencerId,
                         String currency, long saleTotalMinor, BigDecimal influencerRatePercent,
                         BigDecimal platformRatePercent, long influencerMinor, long platformMinor,
                         long merchantNetMinor, String status, Instant accruedAt, Instant holdUntil) {
}
