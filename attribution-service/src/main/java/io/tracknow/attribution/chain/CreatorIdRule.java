package io.tracknow.attribution.chain;

import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.sales.AttributionRule;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/** Priority 1: the TikTok creator id TikTok itself attributed the order to (native attribution). */
public final class CreatorIdRule implements HintRule {

    @Override
    public AttributionRule rule() {
        return AttributionRule.CREATOR_ID;
    }

    @Override
    public List<String> values(AttributionHints hints) {
        return HintRule.trimmed(hints.getCreatorId());
    }

    @Override
    public Mono<Resolution> resolve(String merchantId, String value, Instant orderTime, IdentifierLookup lookup) {
        return lookup.byCreatorId(merchantId, value)
                .map(id -> Resolution.matched(id, "TikTok creator id linked to influencer " + id))
                .defaultIfEmpty(Resolution.failed(
                        Verdict.NO_MATCH, "no influencer of this merchant has this TikTok creator id"));
    }
}
