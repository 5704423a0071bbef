package io.tracknow.commission.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.Ledger;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.common.OrderSource;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Records a {@link Lifecycle.Step} in the caller's transaction: the commission's new state, its journal
 * entry and its event on commissions.v1 (through the outbox, keyed by influencer), so all three happen or none.
 */
@Component
public class StepRecorder {

    private final CommissionStore commissions;
    private final Ledger ledger;
    private final Outbox outbox;
    private final MeterRegistry meters;

    public StepRecorder(CommissionStore commissions, Ledger ledger, Outbox outbox, MeterRegistry meters) {
        this.commissions = commissions;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** A step of a commission already stored: its new state, entry and event. */
    public Mono<Void> record(Lifecycle.Step step, Instant at) {
        return commissions.update(step.next()).then(recordEffects(step, at));
    }

    /**
     * The first step, accrual: the commission, its lines and its journal entry in one statement, then its
     * event; nothing when the sale already has a commission. True when accrued.
     */
    public Mono<Boolean> accrue(Lifecycle.Step step, List<CommissionStore.Line> lines, Instant at) {
        return commissions
                .insertAccrual(step.next(), lines, step.entry())
                .flatMap(inserted -> inserted
                        ? countAtCommit(step.entry())
                                .then(publish(step.next(), step.event(), at))
                                .thenReturn(true)
                        : Mono.just(false));
    }

    private Mono<Void> recordEffects(Lifecycle.Step step, Instant at) {
        Mono<Void> entry = step.entry() == null ? Mono.empty() : append(step.entry());
        return entry.then(publish(step.next(), step.event(), at));
    }

    /** Appends an entry; counts it (tracknow.commission.entries by kind and reason) once the transaction commits. */
    public Mono<Void> append(JournalEntry entry) {
        if (entry.isEmpty()) {
            return Mono.empty();
        }
        return ledger.append(entry).then(countAtCommit(entry));
    }

    /** Counts an entry (tracknow.commission.entries by kind and reason) once the transaction commits. */
    private Mono<Void> countAtCommit(JournalEntry entry) {
        if (entry == null || entry.isEmpty()) {
            return Mono.empty();
        }
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isSynchronizationActive)
                .doOnNext(sync -> sync.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(() -> meters.counter(
                                        "tracknow.commission.entries",
                                        "kind",
                                        entry.kind().name(),
                                        "reason",
                                        String.valueOf(entry.reason()))
                                .increment());
                    }
                }))
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .then();
    }

    private Mono<Void> publish(Commission c, Object payload, Instant at) {
        return outbox.add(Topics.COMMISSIONS, envelope(c, payload, at));
    }

    private static CommissionEvent envelope(Commission c, Object payload, Instant at) {
        return CommissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setCommissionId(c.id().toString())
                .setInfluencerId(c.influencerId())
                .setMerchantId(c.merchantId())
                .setSource(OrderSource.valueOf(c.source()))
                .setExternalOrderId(c.externalOrderId())
                .setCurrency(c.currency())
                .setEvent(payload)
                .build();
    }
}
