package io.tracknow.commission.plans;

import io.tracknow.commission.config.CommissionProperties;
import io.tracknow.commission.plans.Plan.Rule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The merchants' plan versions. A change never updates a version: it adds the next one, in force from
 * that moment, so the plan in force when a sale was paid can always be found and applied.
 */
@Repository
public class Plans {

    private final DatabaseClient db;
    private final CommissionProperties.DefaultPlan defaults;

    public Plans(DatabaseClient db, CommissionProperties properties) {
        this.db = db;
        this.defaults = properties.defaultPlan();
    }

    /** The version in force at {@code at}, or the platform default (version 0) before the merchant's first. */
    public Mono<Plan> inForce(String merchantId, Instant at) {
        return version(
                "SELECT * FROM plan_versions WHERE merchant_id = :merchant AND effective_from <= :at"
                        + " ORDER BY version DESC LIMIT 1",
                merchantId,
                at);
    }

    /** The newest version, or the default. */
    public Mono<Plan> current(String merchantId) {
        return version(
                "SELECT * FROM plan_versions WHERE merchant_id = :merchant ORDER BY version DESC LIMIT 1",
                merchantId,
                null);
    }

    private Mono<Plan> version(String sql, String merchantId, Instant at) {
        DatabaseClient.GenericExecuteSpec query = db.sql(sql).bind("merchant", merchantId);
        if (at != null) {
            query = query.bind("at", at);
        }
        return query.map(row -> new Plan(
                        merchantId,
                        row.get("version", Integer.class),
                        row.get("effective_from", Instant.class),
                        row.get("influencer_rate_percent", BigDecimal.class),
                        row.get("platform_rate_percent", BigDecimal.class),
                        row.get("hold_days", Integer.class),
                        List.of()))
                .one()
                .flatMap(plan -> rules(merchantId, plan.version())
                        .collectList()
                        .map(rules -> new Plan(
                                plan.merchantId(),
                                plan.version(),
                                plan.effectiveFrom(),
                                plan.influencerRatePercent(),
                                plan.platformRatePercent(),
                                plan.holdDays(),
                                rules)))
                .defaultIfEmpty(new Plan(
                        merchantId,
                        0,
                        Instant.EPOCH,
                        defaults.influencerRatePercent(),
                        defaults.platformRatePercent(),
                        defaults.holdDays(),
                        List.of()));
    }

    private Flux<Rule> rules(String merchantId, int version) {
        return db.sql("SELECT * FROM plan_rules WHERE merchant_id = :merchant AND version = :version")
                .bind("merchant", merchantId)
                .bind("version", version)
                .map(row -> new Rule(
                        row.get("influencer_id", String.class),
                        row.get("sku", String.class),
                        row.get("category", String.class),
                        row.get("influencer_rate_percent", BigDecimal.class),
                        row.get("platform_rate_percent", BigDecimal.class)))
                .all();
    }

    /** Adds the merchant's next version, in force from {@code from}; returns it. Run inside a transaction. */
    public Mono<Plan> addVersion(
            String merchantId,
            BigDecimal influencer,
            BigDecimal platform,
            int holdDays,
            List<Rule> rules,
            Instant from,
            String actor) {
        return db.sql("INSERT INTO plan_versions (merchant_id, version, effective_from, influencer_rate_percent,"
                        + " platform_rate_percent, hold_days, created_by) SELECT :merchant,"
                        + " coalesce(max(version), 0) + 1, :from, :influencer, :platform, :hold, :actor"
                        + " FROM plan_versions WHERE merchant_id = :merchant RETURNING version")
                .bind("merchant", merchantId)
                .bind("from", from)
                .bind("influencer", influencer)
                .bind("platform", platform)
                .bind("hold", holdDays)
                .bind("actor", actor)
                .map(row -> row.get("version", Integer.class))
                .one()
                .flatMap(version -> Flux.fromIterable(rules)
                        .concatMap(rule -> insertRule(merchantId, version, rule))
                        .then(Mono.just(new Plan(merchantId, version, from, influencer, platform, holdDays, rules))));
    }

    private Mono<Long> insertRule(String merchantId, int version, Rule rule) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO plan_rules (merchant_id, version, influencer_id,"
                        + " sku, category, influencer_rate_percent, platform_rate_percent) VALUES (:merchant, :version,"
                        + " :influencer, :sku, :category, :influencerRate, :platformRate)")
                .bind("merchant", merchantId)
                .bind("version", version)
                .bind("influencerRate", rule.influencerRatePercent())
                .bind("platformRate", rule.platformRatePercent());
        insert = bindNullable(insert, "influencer", rule.influencerId());
        insert = bindNullable(insert, "sku", rule.sku());
        insert = bindNullable(insert, "category", rule.category());
        return insert.fetch().rowsUpdated();
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(
            DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }
}
