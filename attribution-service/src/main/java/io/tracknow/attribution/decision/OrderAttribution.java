package io.tracknow.attribution.decision;

import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.sales.AttributionRule;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.events.sales.SaleStatusChanged;
import io.tracknow.events.sales.SaleUnattributed;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Attributes an order at its first paid status and keeps that decision for the order's whole life:
 * later statuses of the same order are published as status changes of the same sale, never
 * re-attributed. Orders not yet paid wait. The rule chain here is the TikTok creator id (priority 1
 * of seed 000); the other rules come with the attribution issue.
 */
@Component
public class OrderAttribution {

    private final InfluencerDirectory influencers;
    private final DecisionStore decisions;
    private final Outbox outbox;
    private final Clock clock;

    public OrderAttribution(InfluencerDirectory influencers, DecisionStore decisions, Outbox outbox, Clock clock) {
        this.influencers = influencers;
        this.decisions = decisions;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Void> apply(OrderReported order) {
        return decisions.find(order.getMerchantId(), order.getSource().name(), order.getExternalOrderId())
                .flatMap(existing -> statusChange(existing, order).thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> isPaid(order.getStatus()) ? decide(order).thenReturn(true) : Mono.just(false)))
                .then();
    }

    private Mono<Void> decide(OrderReported order) {
        return influencers.byCreatorId(order.getMerchantId(), order.getHints().getCreatorId())
                .map(influencerId -> new Decision(order.getMerchantId(), order.getSource().name(), order.getExternalOrderId(),
                        influencerId, AttributionRule.CREATOR_ID.name(), order.getHints().getCreatorId().trim(), null,
                        order.getStatus().name(), order.getEventId(), clock.instant()))
                .defaultIfEmpty(new Decision(order.getMerchantId(), order.getSource().name(), order.getExternalOrderId(),
                        null, null, null, "no attribution hint matched an influencer of this merchant",
                        order.getStatus().name(), order.getEventId(), clock.instant()))
                .flatMap(decision -> decisions.insert(decision).then(outbox.add(Topics.SALES, key(order), saleEvent(order, decision))));
    }

    private Mono<Void> statusChange(Decision existing, OrderReported order) {
        if (!existing.attributed() || existing.lastStatus().equals(order.getStatus().name())) {
            return Mono.empty();
        }
        SaleEvent event = base(order)
                .setEvent(SaleStatusChanged.newBuilder()
                        .setInfluencerId(existing.influencerId())
                        .setPreviousStatus(OrderStatus.valueOf(existing.lastStatus()))
                        .build())
                .build();
        return decisions.updateStatus(existing, order.getStatus().name())
                .then(outbox.add(Topics.SALES, key(order), event));
    }

    private SaleEvent saleEvent(OrderReported order, Decision decision) {
        Object kind = decision.attributed()
                ? SaleAttributed.newBuilder()
                        .setInfluencerId(decision.influencerId())
                        .setRule(AttributionRule.valueOf(decision.rule()))
                        .setHintValue(decision.hintValue())
                        .build()
                : SaleUnattributed.newBuilder().setReason(decision.reason()).build();
        return base(order).setEvent(kind).build();
    }

    private SaleEvent.Builder base(OrderReported order) {
        return SaleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(order.getOccurredAt())
                .setOrderEventId(order.getEventId())
                .setMerchantId(order.getMerchantId())
                .setSource(order.getSource())
                .setExternalOrderId(order.getExternalOrderId())
                .setStatus(order.getStatus())
                .setTotalMinor(order.getTotalMinor())
                .setRefundedMinor(order.getRefundedMinor())
                .setCurrency(order.getCurrency())
                .setItems(order.getItems());
    }

    static boolean isPaid(OrderStatus status) {
        return status == OrderStatus.PAID || status == OrderStatus.FULFILLED;
    }

    static String key(OrderReported order) {
        return order.getMerchantId() + "|" + order.getSource() + "|" + order.getExternalOrderId();
    }
}
