package io.tracknow.attribution.chain;

import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.sales.AttributionRule;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/** Priority 3: utm_source, which our redirect {@code /r/{code}} sets to the tracking link's short code. */
public final class UtmSourceRule implements HintRule {

    @Override
    public AttributionRule rule() {
        return AttributionRule.UTM_SOURCE;
    }

    @Override
    public List<String> values(AttributionHints hints) {
        return HintRule.trimmed(hints.getUtmSource());
    }

    @Override
    public Mono<Resolution> resolve(String merchantId, String value, Instant orderTime, IdentifierLookup lookup) {
        return Codes.shortCode(merchantId, value, lookup, "not a tracking-link short code of this merchant");
    }
}
