package io.tracknow.payment.payables;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.messaging.tx.CommitQueue;
import io.tracknow.messaging.tx.OnceInTransaction;
import java.time.Instant;
import java.util.List;
import org.springframework.core.Ordered;
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
    /** Payables written together just before the transaction commits. */
    private final CommitQueue<Payable> atCommit;
    /** The commissions {@link #prepare} saw one event of in the transaction's poll. */
    private final OnceInTransaction<String> aloneInPoll = new OnceInTransaction<>();

    public Payables(DatabaseClient db) {
        this.db = db;
        this.atCommit = new CommitQueue<>(this::insertAll, Ordered.LOWEST_PRECEDENCE, () -> {});
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
        Payable owed = new Payable(
                event.getCommissionId(),
                event.getMerchantId(),
                event.getInfluencerId(),
                event.getExternalOrderId(),
                event.getCurrency(),
                accrued.getInfluencerMinor(),
                accrued.getPlatformMinor(),
                event.getOccurredAt());
        return aloneInPoll
                .contains(event.getCommissionId())
                .flatMap(alone -> alone ? atCommit.add(owed) : insertAll(List.of(owed)));
    }

    /**
     * Notes the commissions that a poll brings one event of: nothing else in the poll reads or changes
     * their payable, so it is inserted with the others just before the transaction commits (one statement).
     */
    public Mono<Void> prepare(List<CommissionEvent> events) {
        return aloneInPoll.mark(events, CommissionEvent::getCommissionId);
    }

    /** The payables of accrued commissions, with one statement; one already recorded is left as it is. */
    private Mono<Void> insertAll(List<Payable> all) {
        return db.sql(
                        "INSERT INTO merchant_payables (commission_id, merchant_id, influencer_id, external_order_id,"
                                + " currency, influencer_minor, platform_minor, recorded_at) SELECT * FROM"
                                + " unnest(CAST(:ids AS text[]), CAST(:merchants AS text[]), CAST(:influencers AS text[]),"
                                + " CAST(:orders AS text[]), CAST(:currencies AS text[]), CAST(:influencerMinor AS bigint[]),"
                                + " CAST(:platformMinor AS bigint[]), CAST(:at AS text[])::timestamptz[]) ON CONFLICT DO NOTHING")
                .bind("ids", all.stream().map(Payable::commissionId).toArray(String[]::new))
                .bind("merchants", all.stream().map(Payable::merchantId).toArray(String[]::new))
                .bind("influencers", all.stream().map(Payable::influencerId).toArray(String[]::new))
                .bind("orders", all.stream().map(Payable::externalOrderId).toArray(String[]::new))
                .bind("currencies", all.stream().map(Payable::currency).toArray(String[]::new))
                .bind(
                        "influencerMinor",
                        all.stream().map(Payable::influencerMinor).toArray(Long[]::new))
                .bind("platformMinor", all.stream().map(Payable::platformMinor).toArray(Long[]::new))
                .bind("at", all.stream().map(o -> o.recordedAt().toString()).toArray(String[]::new))
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
