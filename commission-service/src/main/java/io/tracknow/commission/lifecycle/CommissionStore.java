package io.tracknow.commission.lifecycle;

import io.r2dbc.spi.Readable;
import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.Ledger;
import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The commissions table. Decisions about a commission are taken on a row locked FOR UPDATE inside the
 * caller's transaction, so the hold job, a refund and a payout never interleave on one commission.
 */
@Repository
public class CommissionStore {

    private final DatabaseClient db;
    private final Ledger ledger;

    public CommissionStore(DatabaseClient db, Ledger ledger) {
        this.db = db;
        this.ledger = ledger;
    }

    /** An order line of an accrued commission: the rate it earned and the rule of the plan that chose it. */
    public record Line(
            int line,
            String sku,
            String category,
            long lineMinor,
            BigDecimal influencerRate,
            BigDecimal platformRate,
            String rule) {}

    /**
     * Inserts an accrued commission with its lines and its journal entry, in one statement, unless the
     * sale already has a commission (then nothing is written); true when inserted.
     *
     * @param entry the accrual's entry, or null when it moves nothing
     */
    public Mono<Boolean> insertAccrual(Commission c, List<Line> lines, JournalEntry entry) {
        int n = lines.size();
        Integer[] numbers = new Integer[n];
        String[] skus = new String[n];
        String[] categories = new String[n];
        Long[] amounts = new Long[n];
        String[] influencerRates = new String[n];
        String[] platformRates = new String[n];
        String[] rules = new String[n];
        for (int i = 0; i < n; i++) {
            Line l = lines.get(i);
            numbers[i] = l.line();
            skus[i] = l.sku();
            categories[i] = l.category();
            amounts[i] = l.lineMinor();
            influencerRates[i] = l.influencerRate().toPlainString();
            platformRates[i] = l.platformRate().toPlainString();
            rules[i] = l.rule();
        }
        Ledger.Insert journal = entry == null || entry.isEmpty() ? null : ledger.inserting(entry, "accrued");
        // the lines and the entry are written only from the commission's own insert: a sale that already
        // has a commission (a replay) writes nothing
        DatabaseClient.GenericExecuteSpec insert = db.sql("WITH accrued AS (INSERT INTO commissions (id, merchant_id,"
                        + " source, external_order_id, influencer_id, currency, sale_total_minor, influencer_rate_percent,"
                        + " platform_rate_percent, influencer_minor, platform_minor, merchant_net_minor, status, accrued_at,"
                        + " hold_until, plan_version) VALUES (:id, :merchant, :source, :order, :influencer, :currency,"
                        + " :sale, :influencerRate, :platformRate, :influencerMinor, :platformMinor, :merchantNet, :status,"
                        + " :accruedAt, :holdUntil, :planVersion)"
                        + " ON CONFLICT (merchant_id, source, external_order_id) DO NOTHING RETURNING id),"
                        + " accrued_lines AS (INSERT INTO commission_lines (commission_id, line, sku, category, line_minor,"
                        + " influencer_rate_percent, platform_rate_percent, rule) SELECT accrued.id, l.line, l.sku,"
                        + " l.category, l.amount, l.influencer_rate, l.platform_rate, l.rule FROM accrued,"
                        + " unnest(CAST(:lines AS int[]), CAST(:skus AS text[]), CAST(:categories AS text[]),"
                        + " CAST(:amounts AS bigint[]), CAST(:influencerRates AS numeric[]),"
                        + " CAST(:platformRates AS numeric[]), CAST(:rules AS text[]))"
                        + " AS l(line, sku, category, amount, influencer_rate, platform_rate, rule))"
                        + (journal == null ? "" : ", " + journal.ctes())
                        + " SELECT count(*) AS inserted FROM accrued")
                .bind("id", c.id())
                .bind("merchant", c.merchantId())
                .bind("source", c.source())
                .bind("order", c.externalOrderId())
                .bind("influencer", c.influencerId())
                .bind("currency", c.currency())
                .bind("sale", c.saleTotalMinor())
                .bind("influencerRate", c.influencerRatePercent())
                .bind("platformRate", c.platformRatePercent())
                .bind("influencerMinor", c.influencerMinor())
                .bind("platformMinor", c.platformMinor())
                .bind("merchantNet", c.merchantNetMinor())
                .bind("status", c.status().name())
                .bind("accruedAt", c.accruedAt())
                .bind("holdUntil", c.holdUntil())
                .bind("planVersion", c.planVersion())
                .bind("lines", numbers)
                .bind("skus", skus)
                .bind("categories", categories)
                .bind("amounts", amounts)
                .bind("influencerRates", influencerRates)
                .bind("platformRates", platformRates)
                .bind("rules", rules);
        if (journal != null) {
            insert = journal.bind(insert);
        }
        return insert.map(row -> ((Number) row.get("inserted")).longValue() == 1)
                .one();
    }

    /** The sale's commission, locked until the transaction ends. */
    public Mono<Commission> lockForSale(String merchantId, String source, String externalOrderId) {
        return db.sql("SELECT * FROM commissions WHERE merchant_id = :merchant AND source = :source"
                        + " AND external_order_id = :order FOR UPDATE")
                .bind("merchant", merchantId)
                .bind("source", source)
                .bind("order", externalOrderId)
                .map(CommissionStore::read)
                .one();
    }

    /** The commissions with these ids, locked, in id order (a stable lock order avoids deadlocks). */
    public Flux<Commission> lockByIds(Collection<UUID> ids) {
        return db.sql("SELECT * FROM commissions WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(CommissionStore::read)
                .all();
    }

    /**
     * Pending commissions whose hold has ended, locked; rows another replica is validating are skipped,
     * so each is validated by exactly one.
     */
    public Flux<Commission> claimDue(Instant now, int limit) {
        return db.sql("SELECT * FROM commissions WHERE status = 'PENDING' AND hold_until <= :now"
                        + " ORDER BY hold_until LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("now", now)
                .bind("limit", limit)
                .map(CommissionStore::read)
                .all();
    }

    /**
     * Ends a pending commission's hold now (an operator's decision): the hold job validates it on its next
     * batch. Returns the commission's status afterwards, empty when there is no such commission.
     */
    public Mono<String> endHold(UUID id, Instant now) {
        return db.sql(
                        "UPDATE commissions SET hold_until = :now WHERE id = :id AND status = 'PENDING' AND hold_until > :now")
                .bind("id", id)
                .bind("now", now)
                .fetch()
                .rowsUpdated()
                .then(db.sql("SELECT status FROM commissions WHERE id = :id")
                        .bind("id", id)
                        .map(row -> row.get("status", String.class))
                        .all()
                        .singleOrEmpty());
    }

    /** Saves a commission's new state (the accrued split is never changed). */
    public Mono<Void> update(Commission c) {
        DatabaseClient.GenericExecuteSpec update = db.sql("UPDATE commissions SET status = :status,"
                        + " reversed_influencer_minor = :reversedInfluencer, reversed_platform_minor = :reversedPlatform,"
                        + " paid_influencer_minor = :paid, validated_at = :validatedAt WHERE id = :id")
                .bind("id", c.id())
                .bind("status", c.status().name())
                .bind("reversedInfluencer", c.reversedInfluencerMinor())
                .bind("reversedPlatform", c.reversedPlatformMinor())
                .bind("paid", c.paidInfluencerMinor());
        update = c.validatedAt() == null
                ? update.bindNull("validatedAt", Instant.class)
                : update.bind("validatedAt", c.validatedAt());
        return update.fetch().rowsUpdated().then();
    }

    public Flux<Commission> forInfluencer(String influencerId) {
        return db.sql("SELECT * FROM commissions WHERE influencer_id = :influencer ORDER BY accrued_at DESC")
                .bind("influencer", influencerId)
                .map(CommissionStore::read)
                .all();
    }

    static Commission read(Readable row) {
        String currency = row.get("currency", String.class);
        return new Commission(
                row.get("id", UUID.class),
                row.get("merchant_id", String.class),
                row.get("source", String.class),
                row.get("external_order_id", String.class),
                row.get("influencer_id", String.class),
                money(row, "sale_total_minor", currency),
                row.get("influencer_rate_percent", BigDecimal.class),
                row.get("platform_rate_percent", BigDecimal.class),
                money(row, "influencer_minor", currency),
                money(row, "platform_minor", currency),
                money(row, "merchant_net_minor", currency),
                CommissionStatus.valueOf(row.get("status", String.class)),
                row.get("accrued_at", Instant.class),
                row.get("hold_until", Instant.class),
                row.get("plan_version", Integer.class),
                money(row, "reversed_influencer_minor", currency),
                money(row, "reversed_platform_minor", currency),
                money(row, "paid_influencer_minor", currency),
                row.get("validated_at", Instant.class));
    }

    private static Money money(Readable row, String column, String currency) {
        return Money.of(row.get(column, Long.class), currency);
    }
}
