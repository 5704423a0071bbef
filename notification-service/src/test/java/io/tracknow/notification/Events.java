package io.tracknow.notification;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.events.sales.AttributionRule;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.testsupport.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Upstream events as attribution, commission-service and the payment orchestrator publish them. */
public final class Events {

    private Events() {}

    public static SaleEvent saleAttributed(String influencer, String order, long totalMinor, String currency) {
        return SaleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setOrderEventId(UUID.randomUUID().toString())
                .setMerchantId("demo-merchant")
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId(order)
                .setStatus(OrderStatus.values()[1])
                .setTotalMinor(totalMinor)
                .setCurrency(currency)
                .setEvent(new SaleAttributed(influencer, AttributionRule.CREATOR_ID, "tiktok_creator_123", null))
                .build();
    }

    public static CommissionEvent accrued(String influencer, String currency, long influencerMinor) {
        return TestEvents.commissionAccrued(
                influencer,
                "demo-merchant",
                currency,
                influencerMinor,
                influencerMinor / 2,
                Instant.parse("2026-12-16T10:00:00Z"));
    }

    /** commission-service's accrual of that very sale (same merchant, source, order and influencer), at 15 %. */
    public static CommissionEvent accruedFor(SaleEvent sale, long influencerMinor) {
        SaleAttributed attributed = (SaleAttributed) sale.getEvent();
        return CommissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setCommissionId(UUID.randomUUID().toString())
                .setInfluencerId(attributed.getInfluencerId())
                .setMerchantId(sale.getMerchantId())
                .setSource(sale.getSource())
                .setExternalOrderId(sale.getExternalOrderId())
                .setCurrency(sale.getCurrency())
                .setEvent(CommissionAccrued.newBuilder()
                        .setSaleTotalMinor(sale.getTotalMinor())
                        .setInfluencerRatePercent("15")
                        .setPlatformRatePercent("5")
                        .setInfluencerMinor(influencerMinor)
                        .setPlatformMinor(sale.getTotalMinor() / 20)
                        .setMerchantNetMinor(sale.getTotalMinor() - influencerMinor - sale.getTotalMinor() / 20)
                        .setHoldUntil(Instant.parse("2026-12-16T10:00:00Z"))
                        .build())
                .build();
    }

    public static PaymentEvent payout(String influencer, PaymentStatus status, long amountMinor, String currency) {
        return PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setPaymentId("pay-" + UUID.randomUUID())
                .setKind(PaymentKind.INFLUENCER_PAYOUT)
                .setStatus(status)
                .setInfluencerId(influencer)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setGateway("wave")
                .setCommissionIds(List.of("c-1"))
                .build();
    }
}
