package io.tracknow.attribution.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.influencers.Influencer;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FraudGuardTest {

    static final String HASH = "a".repeat(64);

    @Test
    void flagsABuyerWhoIsTheInfluencer() {
        assertThat(new SelfReferral().check(order(HASH.toUpperCase()), influencer(HASH)))
                .contains(SelfReferral.REASON);
    }

    @Test
    void letsOtherBuyersAndUnknownEmailsThrough() {
        assertThat(new SelfReferral().check(order("b".repeat(64)), influencer(HASH)))
                .isEmpty();
        assertThat(new SelfReferral().check(order(null), influencer(HASH))).isEmpty();
        assertThat(new SelfReferral().check(order(HASH), influencer(null))).isEmpty();
    }

    @Test
    void joinsTheReasonsOfEveryRuleThatFires() {
        FraudRule velocity = (order, influencer) -> Optional.of("VELOCITY");
        FraudGuard guard = new FraudGuard(List.of(new SelfReferral(), velocity));

        assertThat(guard.flag(order(HASH), influencer(HASH))).contains(SelfReferral.REASON + "; VELOCITY");
        assertThat(new FraudGuard(List.of(new SelfReferral())).flag(order("c".repeat(64)), influencer(HASH)))
                .isEmpty();
    }

    private static Influencer influencer(String emailSha256) {
        return new Influencer("inf", "shop", "Inf", emailSha256, null, null);
    }

    private static OrderReported order(String buyerEmailSha256) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return OrderReported.newBuilder()
                .setEventId("e")
                .setOccurredAt(now)
                .setReceivedAt(now)
                .setMerchantId("shop")
                .setSource(OrderSource.SHOPIFY)
                .setExternalOrderId("o")
                .setStatus(OrderStatus.PAID)
                .setPlatformStatus("paid")
                .setTotalMinor(1)
                .setCurrency("EUR")
                .setBuyerEmailSha256(buyerEmailSha256)
                .setHints(AttributionHints.newBuilder().build())
                .build();
    }
}
