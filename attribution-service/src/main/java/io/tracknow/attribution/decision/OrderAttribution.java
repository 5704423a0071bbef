package io.tracknow.attribution.decision;

import io.tracknow.attribution.chain.Candidate;
import io.tracknow.attribution.chain.IdentifierLookup;
import io.tracknow.attribution.chain.PriorityChain;
import io.tracknow.attribution.fraud.FraudGuard;
import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Attributes an order at its first paid status, through the seed 000 {@link PriorityChain}, and
 * keeps that decision for the order's whole life: later statuses of the same order are published as
 * status changes of the same sale with the same influencer, never re-attributed. Orders not yet paid
 * wait. Each (order, status) applies once; a status older than the last one applied, or one that
 * would move the order back in its life cycle, changes nothing. A cancellation or refund that
 * overtook the paid status is applied right after the attribution. An attributed sale that a
 * {@link FraudGuard} rule flags is still published, with its flag, and not paid downstream.
 */
@Component
public class OrderAttribution {

    private final PriorityChain chain = PriorityChain.seed000();
    private final IdentifierLookup lookup;
    private final InfluencerDirectory influencers;
    private final FraudGuard fraud;
    private final DecisionStore decisions;
    private final OrderStatuses statuses;
    private final Outbox outbox;
    private final Clock clock;

    OrderAttribution(IdentifierLookup lookup, InfluencerDirectory influencers, FraudGuard fraud, DecisionStore decisions,
                     OrderStatuses statuses, Outbox outbox, Clock clock) {
        this.lookup = lookup;
        this.influencers = influencers;
        this.fraud = fraud;
        this.decisions = decisions;
        this.statuses = statuses;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Void> apply(OrderReported order) {
        return statuses.firstTime(order).flatMap(first -> !first ? Mono.<Void>empty()
                : decisions.find(order.getMerchantId(), order.getSource().name(), order.getExternalOrderId())
                        .flatMap(existing -> statusChange(existing, order).thenReturn(true))
                        .switchIfEmpty(Mono.defer(() -> StatusOrder.isPaid(order.getStatus())
                                ? decide(order).thenReturn(true) : Mono.just(false)))
                        .then());
    }

    private Mono<Void> decide(OrderReported order) {
        return chain.evaluate(order, lookup)
                .flatMap(outcome -> outcome.winner()
                        .map(winner -> flagged(order, winner).map(flag -> decision(order, outcome, winner, flag.orElse(null))))
                        .orElseGet(() -> Mono.just(decision(order, outcome, null, null))))
                .flatMap(decision -> decisions.insert(decision)
                        .then(outbox.add(Topics.SALES, SaleEvents.key(order), SaleEvents.decided(order, decision)))
                        .then(decision.attributed() ? overtaken(decision, order) : Mono.empty()));
    }

    private Mono<Optional<String>> flagged(OrderReported order, Candidate winner) {
        return influencers.find(winner.influencerId())
                .map(influencer -> fraud.flag(order, influencer))
                .defaultIfEmpty(Optional.empty());
    }

    private Decision decision(OrderReported order, PriorityChain.Outcome outcome, Candidate winner, String fraudFlag) {
        String reason = winner != null ? null : outcome.candidates().isEmpty()
                ? "the order carries no attribution hint"
                : "no attribution hint matched an influencer of this merchant";
        return new Decision(order.getMerchantId(), order.getSource().name(), order.getExternalOrderId(),
                winner == null ? null : winner.influencerId(), winner == null ? null : winner.rule().name(),
                winner == null ? null : winner.hintValue(), reason, fraudFlag, order.getStatus().name(),
                order.getOccurredAt(), order.getEventId(), clock.instant(), outcome.candidates());
    }

    /** A later status (cancelled, refunded...) that arrived before the paid one is applied now. */
    private Mono<Void> overtaken(Decision decision, OrderReported paid) {
        return statuses.latestSince(paid, paid.getOccurredAt())
                .filter(seen -> StatusOrder.rank(seen.status()) > StatusOrder.rank(decision.lastStatus()))
                .flatMap(seen -> decisions.updateStatus(decision, seen.status(), seen.occurredAt())
                        .then(outbox.add(Topics.SALES, SaleEvents.key(paid), SaleEvents.statusChanged(paid,
                                OrderStatus.valueOf(seen.status()), seen.occurredAt(), seen.refundedMinor(), decision))));
    }

    private Mono<Void> statusChange(Decision existing, OrderReported order) {
        boolean older = existing.lastOccurredAt() != null && order.getOccurredAt().isBefore(existing.lastOccurredAt());
        boolean backwards = StatusOrder.rank(order.getStatus().name()) < StatusOrder.rank(existing.lastStatus());
        if (older || backwards) {
            return Mono.empty();
        }
        Mono<Void> update = decisions.updateStatus(existing, order.getStatus().name(), order.getOccurredAt());
        if (!existing.attributed()) {
            return update;
        }
        return update.then(outbox.add(Topics.SALES, SaleEvents.key(order),
                SaleEvents.statusChanged(order, order.getStatus(), order.getOccurredAt(), order.getRefundedMinor(),
                        existing)));
    }
}
