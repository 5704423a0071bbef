package io.tracknow.attribution.decision;

import io.tracknow.attribution.chain.Ask;
import io.tracknow.attribution.chain.Candidate;
import io.tracknow.attribution.chain.IdentifierLookup;
import io.tracknow.attribution.chain.PriorityChain;
import io.tracknow.attribution.fraud.FraudGuard;
import io.tracknow.attribution.influencers.Influencer;
import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.messaging.tx.OnceInTransaction;
import io.tracknow.messaging.tx.TransactionMemo;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Attributes an order at its first paid status, through the {@link PriorityChain} (docs/attribution-service.md), and
 * keeps that decision for the order's whole life: later statuses of the same order are published as
 * status changes of the same sale with the same influencer, never re-attributed. Orders not yet paid
 * wait. Each (order, status) applies once, and each refund (by its id) once: a report brings news
 * when its status or one of its refunds was not seen before. A status older than the last one applied,
 * or one that would move the order back in its life cycle, changes no status, but its new refunds are
 * published. Each status change carries every refund known for the order. A cancellation or refund that
 * overtook the paid status is applied right after the attribution. An attributed sale that a
 * {@link FraudGuard} rule flags is still published, with its flag, and not paid downstream.
 */
@Component
public class OrderAttribution {

    private final PriorityChain chain = PriorityChain.seed000();
    private final IdentifierLookup lookup;
    /** The winners' records, read once per transaction (a poll of one influencer's orders reads it once). */
    private final TransactionMemo<String, Influencer> influencers;
    /**
     * Per merchant, the identifiers that a transaction's paid orders ask for, read ahead by {@link #prepare};
     * empty for a merchant it did not prepare (each order then reads its own).
     */
    private final TransactionMemo<String, IdentifierLookup> prefetched =
            new TransactionMemo<>(merchant -> Mono.empty());
    /**
     * The orders that {@link #prepare} saw once in the transaction's poll: no other event of the poll can
     * read or change their decision, so it is inserted with the others at commit (one statement).
     */
    private final OnceInTransaction<String> aloneInPoll = new OnceInTransaction<>();

    private final FraudGuard fraud;
    private final DecisionStore decisions;
    private final OrderStatuses statuses;
    private final OrderRefunds refunds;
    private final Outbox outbox;
    private final Clock clock;

    OrderAttribution(
            IdentifierLookup lookup,
            InfluencerDirectory influencers,
            FraudGuard fraud,
            DecisionStore decisions,
            OrderStatuses statuses,
            OrderRefunds refunds,
            Outbox outbox,
            Clock clock) {
        this.lookup = lookup;
        this.influencers = new TransactionMemo<>(influencers::find);
        this.fraud = fraud;
        this.decisions = decisions;
        this.statuses = statuses;
        this.refunds = refunds;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Reads ahead, with one statement per merchant, the identifiers that the paid orders of a poll will ask
     * for (a merchant with a single paid order in the poll is left to {@link #apply}: the read would be the
     * same, and is not needed if the order turns out to be a repeat). Attribution writes none of the
     * identifiers, so what is read here is what each order would have read. Also notes which orders the
     * poll reports once: their decisions can wait for the commit (see {@link #store}), and their statuses
     * are recorded here together ({@link OrderStatuses#prepare}).
     */
    public Mono<Void> prepare(List<OrderReported> orders) {
        Map<String, List<OrderReported>> paid = new LinkedHashMap<>();
        for (OrderReported order : orders) {
            if (StatusOrder.isPaid(order.getStatus())) {
                paid.computeIfAbsent(order.getMerchantId(), m -> new ArrayList<>())
                        .add(order);
            }
        }
        return aloneInPoll
                .mark(orders, Topics.ORDERS::keyOf)
                .then(statuses.prepare(orders))
                .thenMany(Flux.fromIterable(paid.entrySet()))
                .filter(merchant -> merchant.getValue().size() > 1)
                .concatMap(merchant -> Flux.fromIterable(merchant.getValue())
                        .concatMap(chain::asks)
                        .collect(LinkedHashSet<Ask>::new, Set::addAll)
                        .flatMap(asks ->
                                prefetched.remember(merchant.getKey(), lookup.prefetched(merchant.getKey(), asks))))
                .then();
    }

    public Mono<Void> apply(OrderReported order) {
        return statuses.record(order)
                .flatMap(recorded -> refunds.record(order).flatMap(fresh -> {
                    boolean freshRefunds = fresh > 0;
                    if (!recorded.first() && !freshRefunds) {
                        return Mono.<Void>empty(); // the same status and no refund not seen before: a repeat
                    }
                    if (!recorded.earlier()) {
                        // the order's first report: no decision to look up, and only its own refunds can
                        // follow the attribution (most orders: three reads fewer)
                        return StatusOrder.isPaid(order.getStatus())
                                ? decide(order, !order.getRefunds().isEmpty())
                                : Mono.<Void>empty();
                    }
                    return decisions
                            .find(order.getMerchantId(), order.getSource().name(), order.getExternalOrderId())
                            .flatMap(existing ->
                                    statusChange(existing, order, freshRefunds).thenReturn(true))
                            .switchIfEmpty(Mono.defer(() -> StatusOrder.isPaid(order.getStatus())
                                    ? decide(order, true).thenReturn(true)
                                    : Mono.just(false)))
                            .then();
                }));
    }

    /** {@code mayBeOvertaken}: a later status or a refund of the order may already be recorded. */
    private Mono<Void> decide(OrderReported order, boolean mayBeOvertaken) {
        return prefetched
                .get(order.getMerchantId())
                .flatMap(ahead -> chain.evaluate(order, ahead))
                .switchIfEmpty(Mono.defer(() -> chain.evaluatePrefetched(order, lookup)))
                .flatMap(outcome -> outcome.winner()
                        .map(winner ->
                                flagged(order, winner).map(flag -> decision(order, outcome, winner, flag.orElse(null))))
                        .orElseGet(() -> Mono.just(decision(order, outcome, null, null))))
                .flatMap(decision -> store(order, decision, mayBeOvertaken)
                        .then(outbox.add(Topics.SALES, SaleEvents.decided(order, decision)))
                        .then(decision.attributed() && mayBeOvertaken ? overtaken(decision, order) : Mono.empty()));
    }

    /**
     * The decision inserted now, or at commit with the poll's others when no other event of the poll can
     * read or change it: not when a status or refund that overtook it is applied right after.
     */
    private Mono<Void> store(OrderReported order, Decision decision, boolean mayBeOvertaken) {
        if (mayBeOvertaken) {
            return decisions.insert(decision);
        }
        return aloneInPoll
                .contains(Topics.ORDERS.keyOf(order))
                .flatMap(alone -> alone ? decisions.insertAtCommit(decision) : decisions.insert(decision));
    }

    private Mono<Optional<String>> flagged(OrderReported order, Candidate winner) {
        return influencers
                .get(winner.influencerId())
                .map(influencer -> fraud.flag(order, influencer))
                .defaultIfEmpty(Optional.empty());
    }

    private Decision decision(OrderReported order, PriorityChain.Outcome outcome, Candidate winner, String fraudFlag) {
        String reason = winner != null
                ? null
                : outcome.candidates().isEmpty()
                        ? "the order carries no attribution hint"
                        : "no attribution hint matched an influencer of this merchant";
        return new Decision(
                order.getMerchantId(),
                order.getSource().name(),
                order.getExternalOrderId(),
                winner == null ? null : winner.influencerId(),
                winner == null ? null : winner.rule().name(),
                winner == null ? null : winner.hintValue(),
                reason,
                fraudFlag,
                order.getStatus().name(),
                order.getOccurredAt(),
                order.getEventId(),
                clock.instant(),
                outcome.candidates());
    }

    /**
     * A later status (cancelled, refunded...) or refunds that arrived before the paid status are applied
     * now, with every refund recorded for the order.
     */
    private Mono<Void> overtaken(Decision decision, OrderReported paid) {
        return refunds.all(paid)
                .flatMap(known -> statuses.latestSince(paid, paid.getOccurredAt())
                        .filter(seen -> StatusOrder.rank(seen.status()) > StatusOrder.rank(decision.lastStatus()))
                        .flatMap(seen -> decisions
                                .updateStatus(decision, seen.status(), seen.occurredAt())
                                .then(outbox.add(
                                        Topics.SALES,
                                        SaleEvents.statusChanged(
                                                paid,
                                                OrderStatus.valueOf(seen.status()),
                                                seen.occurredAt(),
                                                known,
                                                seen.legacyRefundedMinor(),
                                                decision)))
                                .thenReturn(true))
                        .switchIfEmpty(Mono.defer(() -> known.isEmpty()
                                ? Mono.just(false)
                                : outbox.add(
                                                Topics.SALES,
                                                SaleEvents.statusChanged(
                                                        paid,
                                                        paid.getStatus(),
                                                        paid.getOccurredAt(),
                                                        known,
                                                        0,
                                                        decision))
                                        .thenReturn(true)))
                        .then());
    }

    /**
     * A later report of a decided order. A status older than the last one applied, or one that would move
     * the order back, does not change the status; but refunds it brings that were not known are still
     * published, at the sale's current status, so that no refund is lost to the order webhooks' ordering.
     */
    private Mono<Void> statusChange(Decision existing, OrderReported order, boolean freshRefunds) {
        boolean older =
                existing.lastOccurredAt() != null && order.getOccurredAt().isBefore(existing.lastOccurredAt());
        boolean backwards = StatusOrder.rank(order.getStatus().name()) < StatusOrder.rank(existing.lastStatus());
        boolean stale = older || backwards;
        Mono<Void> update = stale
                ? Mono.empty()
                : decisions.updateStatus(existing, order.getStatus().name(), order.getOccurredAt());
        if (!existing.attributed()) {
            return update;
        }
        OrderStatus status = stale ? OrderStatus.valueOf(existing.lastStatus()) : order.getStatus();
        Instant at = stale && existing.lastOccurredAt() != null ? existing.lastOccurredAt() : order.getOccurredAt();
        if (stale && !freshRefunds) {
            return Mono.empty();
        }
        return update.then(refunds.all(order))
                .flatMap(known -> outbox.add(
                        Topics.SALES,
                        SaleEvents.statusChanged(order, status, at, known, order.getRefundedMinor(), existing)));
    }
}
