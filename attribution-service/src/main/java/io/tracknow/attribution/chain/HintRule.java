package io.tracknow.attribution.chain;

import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.sales.AttributionRule;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/** One link of the priority chain: which values of an order it reads and what they identify. */
public interface HintRule {

    AttributionRule rule();

    /** The order's values this rule reads, trimmed, blanks dropped, in the order's own order. */
    List<String> values(AttributionHints hints);

    Mono<Resolution> resolve(String merchantId, String value, Instant orderTime, IdentifierLookup lookup);

    static List<String> trimmed(List<? extends CharSequence> raw) {
        return raw.stream()
                .filter(v -> v != null && !v.toString().isBlank())
                .map(v -> v.toString().trim())
                .distinct()
                .toList();
    }

    static List<String> trimmed(CharSequence one) {
        return one == null ? List.of() : trimmed(List.of(one));
    }
}
