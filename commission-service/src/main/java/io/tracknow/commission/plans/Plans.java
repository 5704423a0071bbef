package io.tracknow.commission.plans;

import io.tracknow.commission.config.CommissionProperties;
import java.math.BigDecimal;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Finds the plan in force for a merchant: its own, or the platform default. */
@Repository
public class Plans {

    private final DatabaseClient db;
    private final Plan defaultPlan;

    public Plans(DatabaseClient db, CommissionProperties properties) {
        this.db = db;
        var d = properties.defaultPlan();
        this.defaultPlan = new Plan(d.influencerRatePercent(), d.platformRatePercent(), d.holdDays());
    }

    public Mono<Plan> forMerchant(String merchantId) {
        return db.sql("SELECT influencer_rate_percent, platform_rate_percent, hold_days FROM commission_plans"
                        + " WHERE merchant_id = :merchant")
                .bind("merchant", merchantId)
                .map(row -> new Plan(row.get("influencer_rate_percent", BigDecimal.class),
                        row.get("platform_rate_percent", BigDecimal.class), row.get("hold_days", Integer.class)))
                .one()
                .defaultIfEmpty(defaultPlan);
    }
}
