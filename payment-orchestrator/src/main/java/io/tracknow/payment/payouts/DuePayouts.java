package io.tracknow.payment.payouts;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What influencers may be paid: the influencer's share of validated commissions (after the hold), less
 * what reversals took back, not in a payout that is open or done. A failed payout gives its commissions back.
 */
@Repository
class DuePayouts {

    record Due(String influencerId, String currency, long amountMinor, List<String> commissionIds) {}

    private final DatabaseClient db;

    DuePayouts(DatabaseClient db) {
        this.db = db;
    }

    /** Commissions of failed payouts are available again. */
    Mono<Long> releaseFailed() {
        return db.sql(
                        "UPDATE merchant_payables SET payout_id = NULL WHERE payout_id IN (SELECT id FROM gateway_transactions"
                                + " WHERE kind = 'INFLUENCER_PAYOUT' AND status = 'failed')")
                .fetch()
                .rowsUpdated();
    }

    Flux<Due> due() {
        return db.sql("SELECT p.influencer_id, p.currency, array_agg(p.commission_id ORDER BY p.commission_id) AS ids,"
                        + " sum(p.influencer_minor - COALESCE(r.taken, 0)) AS available FROM merchant_payables p"
                        + " LEFT JOIN (SELECT commission_id, sum(influencer_minor) AS taken FROM merchant_payable_reversals"
                        + " GROUP BY commission_id) r ON r.commission_id = p.commission_id"
                        + " WHERE p.validated_at IS NOT NULL AND p.payout_id IS NULL"
                        + " AND p.influencer_minor - COALESCE(r.taken, 0) > 0"
                        + " GROUP BY p.influencer_id, p.currency ORDER BY p.influencer_id, p.currency")
                .map(row -> new Due(
                        row.get("influencer_id", String.class),
                        row.get("currency", String.class).trim(),
                        row.get("available", Number.class).longValue(),
                        Arrays.asList(row.get("ids", String[].class))))
                .all();
    }

    Mono<Long> assign(UUID payoutId, List<String> commissionIds) {
        return db.sql(
                        "UPDATE merchant_payables SET payout_id = :payout WHERE commission_id = ANY(:ids) AND payout_id IS NULL")
                .bind("payout", payoutId)
                .bind("ids", commissionIds.toArray(String[]::new))
                .fetch()
                .rowsUpdated();
    }

    /** Records that the influencer was told of a skipped payout this week; false when already told. */
    Mono<Boolean> noteSkip(String influencerId, String week, String currency, String reason, java.time.Instant at) {
        return db.sql(
                        "INSERT INTO payout_skips (influencer_id, week, currency, reason, skipped_at) VALUES (:influencer, :week,"
                                + " :currency, :reason, :at) ON CONFLICT DO NOTHING")
                .bind("influencer", influencerId)
                .bind("week", week)
                .bind("currency", currency)
                .bind("reason", reason)
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }
}
