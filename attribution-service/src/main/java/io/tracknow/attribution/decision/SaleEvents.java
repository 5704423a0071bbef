package io.tracknow.attribution.decision;

import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.common.Refund;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.sales.AttributionRule;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.events.sales.SaleStatusChanged;
import io.tracknow.events.sales.SaleUnattributed;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The sales.v1 events attribution publishes (keyed like the order, by {@code Topics.SALES}). */
final class SaleEvents {

    private SaleEvents() {}

    /** SaleAttributed (with the fraud flag, if any) or SaleUnattributed with the reason. */
    static SaleEvent decided(OrderReported order, Decision decision) {
        Object kind = decision.attributed()
                ? SaleAttributed.newBuilder()
                        .setInfluencerId(decision.influencerId())
                        .setRule(AttributionRule.valueOf(decision.rule()))
                        .setHintValue(decision.hintValue())
                        .setFraudFlag(decision.fraudFlag())
                        .build()
                : SaleUnattributed.newBuilder().setReason(decision.reason()).build();
        return base(order, order.getStatus(), order.getOccurredAt())
                .setEvent(kind)
                .build();
    }

    /**
     * A later status of an attributed sale with every refund known for the order (each once); its
     * refundedMinor is their sum, or, when none is identified, the legacy refunded amount the shop sent.
     */
    static SaleEvent statusChanged(
            OrderReported order,
            OrderStatus status,
            Instant occurredAt,
            List<Refund> refunds,
            long legacyRefundedMinor,
            Decision existing) {
        long refunded = refunds.isEmpty()
                ? legacyRefundedMinor
                : refunds.stream().mapToLong(Refund::getAmountMinor).reduce(0L, Math::addExact);
        return base(order, status, occurredAt)
                .setRefunds(refunds)
                .setRefundedMinor(refunded)
                .setEvent(SaleStatusChanged.newBuilder()
                        .setInfluencerId(existing.influencerId())
                        .setPreviousStatus(OrderStatus.valueOf(existing.lastStatus()))
                        .build())
                .build();
    }

    private static SaleEvent.Builder base(OrderReported order, OrderStatus status, Instant occurredAt) {
        return SaleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(occurredAt)
                .setOrderEventId(order.getEventId())
                .setMerchantId(order.getMerchantId())
                .setSource(order.getSource())
                .setExternalOrderId(order.getExternalOrderId())
                .setStatus(status)
                .setTotalMinor(order.getTotalMinor())
                .setRefundedMinor(order.getRefundedMinor())
                .setCurrency(order.getCurrency())
                .setItems(order.getItems());
    }
}
