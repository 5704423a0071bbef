package io.tracknow.commission.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultPlan the plan of merchants that have none of their own (by default 15 %, 5 %, 14 days)
 * @param hold        how often the validation job looks for commissions whose hold has ended
 */
@Validated
@ConfigurationProperties("tracknow.commission")
public record CommissionProperties(
        @Valid @NotNull DefaultPlan defaultPlan,
        @Valid @DefaultValue Hold hold) {

    public record DefaultPlan(
            @NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal influencerRatePercent,
            @NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal platformRatePercent,
            @Min(0) @Max(365) int holdDays) {

        /** Influencer + platform may not take more than the whole sale (the merchant's net would be negative). */
        @AssertTrue(message = "influencer-rate-percent + platform-rate-percent must be at most 100")
        public boolean isAtMostTheWholeSale() {
            return influencerRatePercent == null
                    || platformRatePercent == null
                    || influencerRatePercent.add(platformRatePercent).compareTo(BigDecimal.valueOf(100)) <= 0;
        }
    }

    /**
     * @param pollInterval how often each replica looks for due commissions (only one replica validates each)
     * @param batchSize    commissions validated per transaction; the rows stay locked until it commits, so
     *                     keep it small (a refund or payout of one of them waits for the batch)
     */
    public record Hold(
            @DefaultValue("30s") @NotNull Duration pollInterval,
            @DefaultValue("100") @Min(1) int batchSize) {}
}
