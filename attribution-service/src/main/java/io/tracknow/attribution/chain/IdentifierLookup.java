package io.tracknow.attribution.chain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What identifies the influencers of one merchant. Every lookup is scoped to the merchant, so an
 * influencer of another merchant never matches; values arrive trimmed and are compared
 * case-insensitively. Empty means "no such identifier for this merchant".
 */
public interface IdentifierLookup {

    Mono<String> byCreatorId(String merchantId, String creatorId);

    Mono<String> byPromoCode(String merchantId, String code);

    Mono<String> byShortCode(String merchantId, String shortCode);

    /**
     * The influencers of the merchant whose links carry this utm_campaign: distinct, and at most two
     * (enough to tell one from several), so that the caller can read the result to its end.
     */
    Flux<String> byCampaign(String merchantId, String campaign);

    Mono<RecordedClick> click(String merchantId, String clickId);

    /**
     * A lookup that answers these questions of this merchant from memory, read at once (one round trip
     * where the identifiers live in a database instead of one per question), and any other question as
     * this lookup would. This default reads nothing ahead.
     */
    default Mono<IdentifierLookup> prefetched(String merchantId, Set<Ask> asks) {
        return Mono.just(this);
    }

    /** A click on one of the merchant's tracking links, and how long the merchant lets a click count. */
    record RecordedClick(String influencerId, String shortCode, Instant clickedAt, Duration window) {}
}
