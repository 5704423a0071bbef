package io.tracknow.commission.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param defaultPlan the plan of merchants that have none of their own (seed 000: 15 %, 5 %, 14 days) */
@Validated
@ConfigurationProperties("tracknow.commission")
public record CommissionProperties(@Valid @NotNull DefaultPlan defaultPlan) {

    public record DefaultPlan(
            @NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal influencerRatePercent,
            @NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal platformRatePercent,
            @Min(0) int holdDays) {
    }
}
