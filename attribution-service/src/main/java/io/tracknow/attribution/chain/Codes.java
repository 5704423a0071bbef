package io.tracknow.attribution.chain;

import reactor.core.publisher.Mono;

/**
 * A code a buyer typed or a link carried: a registered promo code first, else a tracking-link short
 * code of the same merchant.
 */
final class Codes {

    private Codes() {}

    static Mono<Resolution> promoOrShortCode(String merchantId, String code, IdentifierLookup lookup) {
        return lookup.byPromoCode(merchantId, code)
                .map(id -> Resolution.matched(id, "registered promo code of influencer " + id))
                .switchIfEmpty(Mono.defer(() -> shortCode(merchantId, code, lookup, null)));
    }

    static Mono<Resolution> shortCode(String merchantId, String code, IdentifierLookup lookup, String noMatch) {
        return lookup.byShortCode(merchantId, code)
                .map(id -> Resolution.matched(id, "tracking-link short code of influencer " + id))
                .defaultIfEmpty(Resolution.failed(
                        Verdict.NO_MATCH,
                        noMatch != null
                                ? noMatch
                                : "neither a promo code nor a tracking-link short code of this merchant"));
    }
}
