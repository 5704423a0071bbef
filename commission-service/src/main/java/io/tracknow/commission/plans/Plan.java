package io.tracknow.commission.plans;

import java.math.BigDecimal;

/** The rates and the hold period in force for a merchant. */
public record Plan(BigDecimal influencerRatePercent, BigDecimal platformRatePercent, int holdDays) {
}
