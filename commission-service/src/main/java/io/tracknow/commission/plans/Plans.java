package io.tracknow.commission.plans;

import io.r2dbc.spi.Readable;
import io.tracknow.commission.config.CommissionProperties;
import io.tracknow.commission.plans.Plan.Rule;
import io.tracknow.messaging.tx.TransactionMemo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
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
    /** A merchant's versions and a version's rules, read once per transaction. */
    private final TransactionMemo<String, List<Plan>> versions;

    private final TransactionMemo<Version, List<Rule>> rules;

    public Plans(DatabaseClient db, CommissionProperties properties) {
        this.db = db;
        this.defaults = properties.defaultPlan();
        this.versions = new TransactionMemo<>(this::readVersions);
        this.rules =
                new TransactionMemo<>(v -> rules(v.merchantId(), v.version()).collectList());
    }

    /**
     * The version in force at {@code at}, or the platform default (version 0) before the merchant's first.
     * A merchant's versions and a version's rules are read once per transaction ({@link TransactionMemo}):
     * a consumer accruing a poll of one merchant's sales reads them once, not once per sale.
     */
    public Mono<Plan> inForce(String merchantId, Instant at) {
        return versions.get(merchantId)
                .flatMap(all -> all.stream()
                        .filter(version -> !version.effectiveFrom().isAfter(at))
                        .max(Comparator.comparingInt(Plan::version))
                        .map(version -> withRules(version, rules.get(new Version(merchantId, version.version()))))
                        .orElseGet(() -> Mono.just(defaultPlan(merchantId))));
    }

    /** The newest version, or the default. */
    public Mono<Plan> current(String merchantId) {
        return db.sql("SELECT * FROM plan_versions WHERE merchant_id = :merchant ORDER BY version DESC LIMIT 1")
                .bind("merchant", merchantId)
                .map(row -> version(merchantId, row))
                .one()
                .flatMap(plan ->
                        withRules(plan, rules(merchantId, plan.version()).collectList()))
                .defaultIfEmpty(defaultPlan(merchantId));
    }

    private record Version(String merchantId, int version) {}

    /** Every version of a merchant, oldest first, without their rules. */
    private Mono<List<Plan>> readVersions(String merchantId) {
        return db.sql("SELECT * FROM plan_versions WHERE merchant_id = :merchant ORDER BY version")
                .bind("merchant", merchantId)
                .map(row -> version(merchantId, row))
                .all()
                .collectList();
    }

    /** A version's row, without its rules. */
    private static Plan version(String merchantId, Readable row) {
        return new Plan(
                merchantId,
                row.get("version", Integer.class),
                row.get("effective_from", Instant.class),
                row.get("influencer_rate_percent", BigDecimal.class),
                row.get("platform_rate_percent", BigDecimal.class),
                row.get("hold_days", Integer.class),
                List.of());
    }

    private static Mono<Plan> withRules(Plan plan, Mono<List<Rule>> rules) {
        return rules.map(list -> new Plan(
                plan.merchantId(),
                plan.version(),
                plan.effectiveFrom(),
                plan.influencerRatePercent(),
                plan.platformRatePercent(),
                plan.holdDays(),
                list));
    }

    private Plan defaultPlan(String merchantId) {
        return new Plan(
                merchantId,
                0,
                Instant.EPOCH,
                defaults.influencerRatePercent(),
                defaults.platformRatePercent(),
                defaults.holdDays(),
                List.of());
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
