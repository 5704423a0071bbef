package io.tracknow.payment.payables;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records what a merchant owes as commissions accrue, less what reversals (cancellations, refunds,
 * clawbacks) take back; the merchant is debited for it through its gateway in a later step. One row
 * per commission and one per reversal event, so a redelivered event is not counted twice.
 */
@Repository
public class Payables {

    private final DatabaseClient db;

    public Payables(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> onCommission(CommissionEvent event) {
        if (event.getEvent() instanceof CommissionReversed reversed) {
            return reversal(event, reversed);
        }
        if (event.getEvent() instanceof CommissionValidated) {
            // the hold is over: the merchant is debited for it on the next debit run
            return db.sql(
                            "UPDATE merchant_payables SET validated_at = COALESCE(validated_at, :at) WHERE commission_id = :id")
                    .bind("at", event.getOccurredAt())
                    .bind("id", event.getCommissionId())
                    .fetch()
                    .rowsUpdated()
                    .then();
        }
        if (!(event.getEvent() instanceof CommissionAccrued accrued)) {
            return Mono.empty();
        }
        return db.sql("INSERT INTO merchant_payables (commission_id, merchant_id, influencer_id, external_order_id,"
                        + " currency, influencer_minor, platform_minor, recorded_at) VALUES (:id, :merchant, :influencer,"
                        + " :order, :currency, :influencerMinor, :platformMinor, :at) ON CONFLICT DO NOTHING")
                .bind("id", event.getCommissionId())
                .bind("merchant", event.getMerchantId())
                .bind("influencer", event.getInfluencerId())
                .bind("order", event.getExternalOrderId())
                .bind("currency", event.getCurrency())
                .bind("influencerMinor", accrued.getInfluencerMinor())
                .bind("platformMinor", accrued.getPlatformMinor())
                .bind("at", event.getOccurredAt())
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** A reversal lowers what the merchant owes by the influencer's and the platform's share taken back. */
    private Mono<Void> reversal(CommissionEvent event, CommissionReversed reversed) {
        return db.sql("INSERT INTO merchant_payable_reversals (event_id, commission_id, merchant_id, currency,"
                        + " influencer_minor, platform_minor, reason, recorded_at) VALUES (:eventId, :id, :merchant,"
                        + " :currency, :influencerMinor, :platformMinor, :reason, :at) ON CONFLICT DO NOTHING")
                .bind("eventId", event.getEventId())
                .bind("id", event.getCommissionId())
                .bind("merchant", event.getMerchantId())
                .bind("currency", event.getCurrency())
                .bind("influencerMinor", reversed.getInfluencerMinor())
                .bind("platformMinor", reversed.getPlatformMinor())
                .bind("reason", reversed.getReason().name())
                .bind("at", event.getOccurredAt())
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Minor units taken back per currency from this merchant's payables. */
    public Mono<java.util.Map<String, Long>> reversedByCurrency(String merchantId) {
        return db.sql("SELECT currency, sum(influencer_minor + platform_minor) AS total FROM merchant_payable_reversals"
                        + " WHERE merchant_id = :merchant GROUP BY currency")
                .bind("merchant", merchantId)
                .map(row -> java.util.Map.entry(
                        row.get("currency", String.class),
                        row.get("total", Number.class).longValue()))
                .all()
                .collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue);
    }

    public Flux<Payable> forMerchant(String merchantId) {
        return db.sql("SELECT * FROM merchant_payables WHERE merchant_id = :merchant ORDER BY recorded_at DESC")
                .bind("merchant", merchantId)
                .map(row -> new Payable(
                        row.get("commission_id", String.class),
                        row.get("merchant_id", String.class),
                        row.get("influencer_id", String.class),
                        row.get("external_order_id", String.class),
                        row.get("currency", String.class),
                        row.get("influencer_minor", Long.class),
                        row.get("platform_minor", Long.class),
                        row.get("recorded_at", Instant.class)))
                .all();
    }
}
