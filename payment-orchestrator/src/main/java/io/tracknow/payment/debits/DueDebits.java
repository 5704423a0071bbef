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
 * the platform's share less what reversals took back, summed per merchant and currency.
 */
@Repository
class DueDebits {

    /** One merchant's validated, undebited commissions in one currency. */
    record Due(String merchantId, String currency, long amountMinor, List<String> commissionIds) {}

    /** One share of a debit: the influencer's or the platform's part of one commission, for PayZen's splits. */
    record Share(String influencerId, long influencerMinor, long platformMinor) {}

    private final DatabaseClient db;

    DueDebits(DatabaseClient db) {
        this.db = db;
    }

    Flux<Due> due() {
        return db.sql("SELECT p.merchant_id, p.currency, array_agg(p.commission_id ORDER BY p.commission_id) AS ids,"
                        + " sum(p.influencer_minor + p.platform_minor - COALESCE(r.taken, 0)) AS owed"
                        + " FROM merchant_payables p LEFT JOIN (SELECT commission_id, sum(influencer_minor + platform_minor) AS taken"
                        + " FROM merchant_payable_reversals GROUP BY commission_id) r ON r.commission_id = p.commission_id"
                        + " WHERE p.validated_at IS NOT NULL AND p.debit_id IS NULL"
                        + " GROUP BY p.merchant_id, p.currency ORDER BY p.merchant_id, p.currency")
                .map(row -> new Due(
                        row.get("merchant_id", String.class),
                        row.get("currency", String.class).trim(),
                        row.get("owed", Number.class).longValue(),
                        Arrays.asList(row.get("ids", String[].class))))
                .all();
    }

    /** Puts the commissions in the debit; a commission already in one stays there. */
    Mono<Long> assign(UUID debitId, List<String> commissionIds) {
        return db.sql(
                        "UPDATE merchant_payables SET debit_id = :debit WHERE commission_id = ANY(:ids) AND debit_id IS NULL")
                .bind("debit", debitId)
                .bind("ids", commissionIds.toArray(String[]::new))
                .fetch()
                .rowsUpdated();
    }

    /** The influencers' and the platform's shares a debit collects (net of reversals, per commission). */
    Flux<Share> shares(UUID debitId) {
        return db.sql("SELECT p.influencer_id, sum(p.influencer_minor - COALESCE(r.influencer, 0)) AS influencer,"
                        + " sum(p.platform_minor - COALESCE(r.platform, 0)) AS platform FROM merchant_payables p"
                        + " LEFT JOIN (SELECT commission_id, sum(influencer_minor) AS influencer, sum(platform_minor) AS platform"
                        + " FROM merchant_payable_reversals GROUP BY commission_id) r ON r.commission_id = p.commission_id"
                        + " WHERE p.debit_id = :debit GROUP BY p.influencer_id ORDER BY p.influencer_id")
                .bind("debit", debitId)
                .map(row -> new Share(
                        row.get("influencer_id", String.class),
                        row.get("influencer", Number.class).longValue(),
                        row.get("platform", Number.class).longValue()))
                .all();
    }
}
