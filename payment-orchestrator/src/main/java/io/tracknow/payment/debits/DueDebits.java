package io.tracknow.payment.debits;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What merchants owe for validated commissions not yet in a debit: per commission the influencer's and
 * the platform's share less what reversals took back, summed per merchant and currency, less the
 * reversals that arrived after their commission's debit completed (netted from the merchant's next debit).
 * Each reversal lowers one debit only: the debit it was counted in is recorded with it.
 */
@Repository
class DueDebits {

    /**
     * One merchant's validated, undebited commissions in one currency.
     *
     * @param amountMinor  their shares less their reversals, less the late reversals netted here
     * @param reversalIds  the reversal events counted in {@code amountMinor}: those of the commissions, and the late
     *                     ones of commissions whose debit completed
     */
    record Due(
            String merchantId,
            String currency,
            long amountMinor,
            List<String> commissionIds,
            List<String> reversalIds) {}

    /** One share of a debit: the influencer's or the platform's part of one commission, for PayZen's splits. */
    record Share(String influencerId, long influencerMinor, long platformMinor) {}

    private final DatabaseClient db;

    DueDebits(DatabaseClient db) {
        this.db = db;
    }

    Flux<Due> due() {
        return db.sql("WITH fresh AS (SELECT p.merchant_id, p.currency,"
                        + " array_agg(p.commission_id ORDER BY p.commission_id) AS ids,"
                        + " sum(p.influencer_minor + p.platform_minor) AS owed FROM merchant_payables p"
                        + " WHERE p.validated_at IS NOT NULL AND p.debit_id IS NULL GROUP BY p.merchant_id, p.currency),"
                        // reversals not yet in a debit: of a fresh commission (lower its debit), or of a commission
                        // whose debit completed (netted from this one); a debit still open or failed nets nothing
                        + " taken AS (SELECT r.merchant_id, r.currency, array_agg(r.event_id ORDER BY r.event_id) AS reversals,"
                        + " sum(r.influencer_minor + r.platform_minor) AS taken FROM merchant_payable_reversals r"
                        + " JOIN merchant_payables p ON p.commission_id = r.commission_id"
                        + " LEFT JOIN gateway_transactions d ON d.id = p.debit_id"
                        + " WHERE r.debit_id IS NULL AND ((p.validated_at IS NOT NULL AND p.debit_id IS NULL) OR d.status = 'completed')"
                        + " GROUP BY r.merchant_id, r.currency)"
                        + " SELECT f.merchant_id, f.currency, f.ids, f.owed - COALESCE(t.taken, 0) AS owed,"
                        + " COALESCE(t.reversals, ARRAY[]::text[]) AS reversals"
                        + " FROM fresh f LEFT JOIN taken t ON t.merchant_id = f.merchant_id AND t.currency = f.currency"
                        + " ORDER BY f.merchant_id, f.currency")
                .map(row -> new Due(
                        row.get("merchant_id", String.class),
                        row.get("currency", String.class).trim(),
                        row.get("owed", Number.class).longValue(),
                        Arrays.asList(row.get("ids", String[].class)),
                        Arrays.asList(row.get("reversals", String[].class))))
                .all();
    }

    /**
     * Puts the commissions in the debit, and records it with the reversals its amount was lowered by; a
     * commission or reversal already in one stays there.
     */
    Mono<Long> assign(UUID debitId, List<String> commissionIds, List<String> reversalIds) {
        return db.sql(
                        "UPDATE merchant_payables SET debit_id = :debit WHERE commission_id = ANY(:ids) AND debit_id IS NULL")
                .bind("debit", debitId)
                .bind("ids", commissionIds.toArray(String[]::new))
                .fetch()
                .rowsUpdated()
                .flatMap(assigned -> db.sql("UPDATE merchant_payable_reversals SET debit_id = :debit"
                                + " WHERE event_id = ANY(:ids) AND debit_id IS NULL")
                        .bind("debit", debitId)
                        .bind("ids", reversalIds.toArray(String[]::new))
                        .fetch()
                        .rowsUpdated()
                        .thenReturn(assigned));
    }

    /**
     * The influencers' and the platform's shares a debit collects: its commissions' shares less the
     * reversals counted in it (its commissions' own and the late ones netted in it), per influencer. A
     * netted reversal of an influencer without a commission in this debit gives a negative share.
     */
    Flux<Share> shares(UUID debitId) {
        return db.sql("SELECT influencer_id, sum(influencer) AS influencer, sum(platform) AS platform FROM ("
                        + " SELECT p.influencer_id, p.influencer_minor AS influencer, p.platform_minor AS platform"
                        + " FROM merchant_payables p WHERE p.debit_id = :debit"
                        + " UNION ALL SELECT p.influencer_id, -r.influencer_minor, -r.platform_minor"
                        + " FROM merchant_payable_reversals r JOIN merchant_payables p ON p.commission_id = r.commission_id"
                        + " WHERE r.debit_id = :debit) s GROUP BY influencer_id ORDER BY influencer_id")
                .bind("debit", debitId)
                .map(row -> new Share(
                        row.get("influencer_id", String.class),
                        row.get("influencer", Number.class).longValue(),
                        row.get("platform", Number.class).longValue()))
                .all();
    }
}
