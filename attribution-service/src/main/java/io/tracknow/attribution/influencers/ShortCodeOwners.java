package io.tracknow.attribution.influencers;

import reactor.core.publisher.Mono;

/**
 * Who owns a tracking-link short code of a merchant. Promo codes and short codes share one space (the
 * chain tries promo codes first), so registering a promo code asks this. Tracking links implement it:
 * links depend on influencers (a link belongs to one), never the other way round.
 */
public interface ShortCodeOwners {

    /** The influencer whose link of this merchant has the short code; empty when none has. */
    Mono<String> influencerOf(String merchantId, String shortCode);
}
