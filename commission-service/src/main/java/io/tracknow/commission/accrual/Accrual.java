package io.tracknow.commission.accrual;

import io.tracknow.money.Money;
import io.tracknow.commission.plans.Plans;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.kafka.InvalidEventException;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Accrues a commission when an attributed sale is paid, with the merchant's plan in force at that
 * moment: influencer and platform shares rounded once, half-up, to the currency's minor unit; the
 * merchant keeps the rest. The commission stays pending until the hold ends. A sale is accrued at
 * most once (unique per merchant, source and order), and a sale flagged as fraud is not paid.
 */
@Component
public class Accrual {

    private final Plans plans;
    private final CommissionStore store;
    private final Outbox outbox;
    private final Clock clock;

    public Accrual(Plans plans, CommissionStore store, Outbox outbox, Clock clock) {
        this.plans = plans;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Void> onSale(SaleEvent sale) {
        if (!(sale.getEvent() instanceof SaleAttributed attributed) || attributed.getFraudFlag() != null
                || !(sale.getStatus() == OrderStatus.PAID || sale.getStatus() == OrderStatus.FULFILLED)) {
            return Mono.empty();
        }
        Money total = total(sale);
        Instant now = clock.instant();
        return plans.forMerchant(sale.getMerchantId()).flatMap(plan -> {
            Split split = Split.of(total, plan.influencerRatePercent(), plan.platformRatePercent());
            Commission commission = new Commission(UUID.randomUUID(), sale.getMerchantId(), sale.getSource().name(),
                    sale.getExternalOrderId(), attributed.getInfluencerId(), sale.getCurrency(), total.minor(),
                    plan.influencerRatePercent(), plan.platformRatePercent(), split.influencer().minor(),
                    split.platform().minor(), split.merchantNet().minor(), "PENDING", now,
                    now.plus(Duration.ofDays(plan.holdDays())));
            return store.insertOnce(commission)
                    .flatMap(inserted -> inserted
                            ? outbox.add(Topics.COMMISSIONS, commission.influencerId(), accrued(sale, commission))
                            : Mono.empty());
        });
    }

    private static Money total(SaleEvent sale) {
        try {
            return Money.of(sale.getTotalMinor(), sale.getCurrency());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("sale " + sale.getEventId() + " has unknown currency " + sale.getCurrency());
        }
    }

    private static CommissionEvent accrued(SaleEvent sale, Commission c) {
        return CommissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(c.accruedAt())
                .setCommissionId(c.id().toString())
                .setInfluencerId(c.influencerId())
                .setMerchantId(c.merchantId())
                .setSource(sale.getSource())
                .setExternalOrderId(c.externalOrderId())
                .setCurrency(c.currency())
                .setEvent(CommissionAccrued.newBuilder()
                        .setSaleTotalMinor(c.saleTotalMinor())
                        .setInfluencerRatePercent(c.influencerRatePercent().stripTrailingZeros().toPlainString())
                        .setPlatformRatePercent(c.platformRatePercent().stripTrailingZeros().toPlainString())
                        .setInfluencerMinor(c.influencerMinor())
                        .setPlatformMinor(c.platformMinor())
                        .setMerchantNetMinor(c.merchantNetMinor())
                        .setHoldUntil(c.holdUntil())
                        .build())
                .build();
    }
}
