package io.tracknow.commission.lifecycle;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.Ledger;
import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The commissions table. Decisions about a commission are taken on a row locked FOR UPDATE inside the
 * caller's transaction, so the hold job, a refund and a payout never interleave on one commission.
 */
@Repository
public class CommissionStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    /** A commission to accrue: its row, its priced lines, and its journal entry (null when it moves nothing). */
    public record NewAccrual(Commission commission, List<Line> lines, JournalEntry entry) {}

    /**
     * Inserts an accrued commission with its lines and its journal entry, in one statement, unless the
     * sale already has a commission (then nothing is written); true when inserted.
     *
     * @param entry the accrual's entry, or null when it moves nothing
     */
    public Mono<Boolean> insertAccrual(Commission c, List<Line> lines, JournalEntry entry) {
        return insertAccruals(List.of(new NewAccrual(c, lines, entry))).map(inserted -> inserted.contains(c.id()));
    }

    /**
     * Inserts accrued commissions (of different sales) with their lines and journal entries, in one
     * statement, in the list's order; a sale that already has a commission writes nothing (a replay).
     * Returns the ids of the commissions inserted.
     */
    public Mono<Set<UUID>> insertAccruals(List<NewAccrual> accruals) {
        ArrayNode commissionRows = JSON.createArrayNode();
        ArrayNode lineRows = JSON.createArrayNode();
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < accruals.size(); i++) {
            NewAccrual accrual = accruals.get(i);
            Commission c = accrual.commission();
            ObjectNode row = commissionRows.addObject();
            row.put("ord", i);
            row.put("id", c.id().toString());
            row.put("merchant_id", c.merchantId());
            row.put("source", c.source());
            row.put("external_order_id", c.externalOrderId());
            row.put("influencer_id", c.influencerId());
            row.put("currency", c.currency());
            row.put("sale_total_minor", c.saleTotalMinor());
            row.put("influencer_rate_percent", c.influencerRatePercent());
            row.put("platform_rate_percent", c.platformRatePercent());
            row.put("influencer_minor", c.influencerMinor());
            row.put("platform_minor", c.platformMinor());
            row.put("merchant_net_minor", c.merchantNetMinor());
            row.put("status", c.status().name());
            row.put("accrued_at", c.accruedAt().toString());
            row.put("hold_until", c.holdUntil().toString());
            row.put("plan_version", c.planVersion());
            for (Line l : accrual.lines()) {
                ObjectNode line = lineRows.addObject();
                line.put("commission_id", c.id().toString());
                line.put("line", l.line());
                line.put("sku", l.sku());
                line.put("category", l.category());
                line.put("line_minor", l.lineMinor());
                line.put("influencer_rate_percent", l.influencerRate());
                line.put("platform_rate_percent", l.platformRate());
                line.put("rule", l.rule());
            }
            if (accrual.entry() != null && !accrual.entry().isEmpty()) {
                entries.add(accrual.entry());
            }
        }
        Ledger.Insert journal = entries.isEmpty() ? null : ledger.inserting(entries, "accrued");
        // the lines and the entries are written only for the commissions the statement inserted: a sale that
        // already has a commission (a replay) writes nothing
        DatabaseClient.GenericExecuteSpec insert = db.sql("WITH accrued AS (INSERT INTO commissions (id, merchant_id,"
                        + " source, external_order_id, influencer_id, currency, sale_total_minor, influencer_rate_percent,"
                        + " platform_rate_percent, influencer_minor, platform_minor, merchant_net_minor, status, accrued_at,"
                        + " hold_until, plan_version) SELECT c.id, c.merchant_id, c.source, c.external_order_id,"
                        + " c.influencer_id, c.currency, c.sale_total_minor, c.influencer_rate_percent,"
                        + " c.platform_rate_percent, c.influencer_minor, c.platform_minor, c.merchant_net_minor, c.status,"
                        + " c.accrued_at, c.hold_until, c.plan_version"
                        + " FROM jsonb_to_recordset(CAST(:commissions AS jsonb)) AS c(ord int, id uuid, merchant_id text,"
                        + " source text, external_order_id text, influencer_id text, currency text,"
                        + " sale_total_minor bigint, influencer_rate_percent numeric, platform_rate_percent numeric,"
                        + " influencer_minor bigint, platform_minor bigint, merchant_net_minor bigint, status text,"
                        + " accrued_at timestamptz, hold_until timestamptz, plan_version int) ORDER BY c.ord"
                        + " ON CONFLICT (merchant_id, source, external_order_id) DO NOTHING RETURNING id),"
                        + " accrued_lines AS (INSERT INTO commission_lines (commission_id, line, sku, category, line_minor,"
                        + " influencer_rate_percent, platform_rate_percent, rule) SELECT l.commission_id, l.line, l.sku,"
                        + " l.category, l.line_minor, l.influencer_rate_percent, l.platform_rate_percent, l.rule"
                        + " FROM jsonb_to_recordset(CAST(:lines AS jsonb)) AS l(commission_id uuid, line int, sku text,"
                        + " category text, line_minor bigint, influencer_rate_percent numeric,"
                        + " platform_rate_percent numeric, rule text) JOIN accrued ON accrued.id = l.commission_id)"
                        + (journal == null ? "" : ", " + journal.ctes())
                        + " SELECT id FROM accrued")
                .bind("commissions", Json.of(commissionRows.toString()))
                .bind("lines", Json.of(lineRows.toString()));
        if (journal != null) {
            insert = journal.bind(insert);
        }
        return insert.map(row -> row.get("id", UUID.class)).all().collect(Collectors.toSet());
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
