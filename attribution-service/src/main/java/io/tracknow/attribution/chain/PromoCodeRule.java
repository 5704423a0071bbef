package io.tracknow.attribution.chain;

import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.sales.AttributionRule;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Priority 2: a discount, promotion or coupon code of the order, matching a registered promo code or
 * a tracking-link short code (an influencer may share its short code as its discount code).
 */
public final class PromoCodeRule implements HintRule {

    @Override
    public AttributionRule rule() {
        return AttributionRule.PROMO_CODE;
    }

    @Override
    public List<String> values(AttributionHints hints) {
        return HintRule.trimmed(hints.getPromoCodes());
    }

    @Override
    public Mono<Resolution> resolve(String merchantId, String value, Instant orderTime, IdentifierLookup lookup) {
        return Codes.promoOrShortCode(merchantId, value, lookup);
    }
}
