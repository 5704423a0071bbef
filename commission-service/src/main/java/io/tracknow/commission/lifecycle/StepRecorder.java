package io.tracknow.commission.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.Ledger;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.common.OrderSource;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.messaging.outbox.TraceContext;
import io.tracknow.messaging.tx.CommitQueue;
import io.tracknow.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
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
    /**
     * Each transaction's accruals that wait for its commit: written before the outbox's rows, since their
     * events go to the outbox during the commit, so the outbox is enlisted when the queue joins.
     */
    private final CommitQueue<Queued> atCommit;

    public StepRecorder(CommissionStore commissions, Ledger ledger, Outbox outbox, MeterRegistry meters) {
        this.commissions = commissions;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
        this.atCommit = new CommitQueue<>(this::accrueAll, Ordered.HIGHEST_PRECEDENCE, outbox::enlist, this::counted);
    }

    /**
     * An accrual waiting for its transaction's commit, with the trace of the event that caused it; {@code
     * inserted} is set by the write when the sale had no commission yet (its entry is then counted).
     */
    private record Queued(
            Lifecycle.Step step,
            List<CommissionStore.Line> lines,
            Instant at,
            String traceparent,
            AtomicBoolean inserted) {}

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

    /**
     * {@link #accrue}, written just before the caller's transaction commits, with the transaction's other
     * accruals queued so, in one statement (at once without a transaction); the CommissionAccrued events of
     * the commissions it inserted then go to the outbox in the same commit. Only for a sale that nothing
     * else in the transaction reads or changes: the commission is not there to find until the commit.
     */
    public Mono<Void> accrueAtCommit(Lifecycle.Step step, List<CommissionStore.Line> lines, Instant at) {
        return Mono.deferContextual(context -> atCommit.add(
                new Queued(step, lines, at, context.getOrDefault(TraceContext.KEY, null), new AtomicBoolean())));
    }

    private Mono<Void> accrueAll(List<Queued> queued) {
        return commissions
                .insertAccruals(queued.stream()
                        .map(q -> new CommissionStore.NewAccrual(
                                q.step().next(), q.lines(), q.step().entry()))
                        .toList())
                .flatMapMany(inserted -> Flux.fromIterable(queued)
                        .filter(q -> inserted.contains(q.step().next().id())))
                .concatMap(q -> {
                    q.inserted().set(true);
                    return publish(q.step().next(), q.step().event(), q.at())
                            .contextWrite(context ->
                                    q.traceparent() == null ? context : context.put(TraceContext.KEY, q.traceparent()));
                })
                .then();
    }

    /** After the commit: the entries of the accruals the write inserted. */
    private void counted(List<Queued> written) {
        written.stream()
                .filter(q -> q.inserted().get())
                .forEach(q -> count(q.step().entry()));
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
                        return Mono.fromRunnable(() -> count(entry));
                    }
                }))
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .then();
    }

    /** tracknow.commission.entries by kind and reason; nothing for an accrual that moves nothing. */
    private void count(JournalEntry entry) {
        if (entry == null || entry.isEmpty()) {
            return;
        }
        meters.counter(
                        "tracknow.commission.entries",
                        "kind",
                        entry.kind().name(),
                        "reason",
                        String.valueOf(entry.reason()))
                .increment();
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
