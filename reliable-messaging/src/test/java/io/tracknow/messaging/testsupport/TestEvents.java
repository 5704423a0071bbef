package io.tracknow.messaging.testsupport;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.common.OrderSource;
import java.time.Instant;
import java.util.UUID;

/** Events as upstream services publish them, for consumers' tests. */
public final class TestEvents {

    private TestEvents() {}

    /**
     * A CommissionAccrued of a fresh commission and order; the sale total is ten times the influencer's
     * share and the merchant keeps the rest.
     */
    public static CommissionEvent commissionAccrued(
            String influencerId,
            String merchantId,
            String currency,
            long influencerMinor,
            long platformMinor,
            Instant holdUntil) {
        long saleTotal = influencerMinor * 10;
        return CommissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setCommissionId(UUID.randomUUID().toString())
                .setInfluencerId(influencerId)
                .setMerchantId(merchantId)
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId("o-" + UUID.randomUUID())
                .setCurrency(currency)
                .setEvent(CommissionAccrued.newBuilder()
                        .setSaleTotalMinor(saleTotal)
                        .setInfluencerRatePercent("10")
                        .setPlatformRatePercent("5")
                        .setInfluencerMinor(influencerMinor)
                        .setPlatformMinor(platformMinor)
                        .setMerchantNetMinor(saleTotal - influencerMinor - platformMinor)
                        .setHoldUntil(holdUntil)
                        .build())
                .build();
    }

    /** A later event of the same commission (validated, reversed, paid out) with a new eventId. */
    public static CommissionEvent next(CommissionEvent earlier, Object kind) {
        return CommissionEvent.newBuilder(earlier)
                .setEventId(UUID.randomUUID().toString())
                .setEvent(kind)
                .build();
    }
}
