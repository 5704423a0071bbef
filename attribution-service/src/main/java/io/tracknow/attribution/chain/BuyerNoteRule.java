package io.tracknow.attribution.chain;

import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.sales.AttributionRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Priority 5, the last resort of seed 000: a buyer note containing {@code TRACK:CODE} (any case,
 * spaces allowed after the colon), where CODE is a promo code or a short code of the merchant.
 */
public final class BuyerNoteRule implements HintRule {

    private static final Pattern TRACK = Pattern.compile("TRACK:\\s*([A-Z0-9_-]+)", Pattern.CASE_INSENSITIVE);

    @Override
    public AttributionRule rule() {
        return AttributionRule.BUYER_NOTE;
    }

    @Override
    public List<String> values(AttributionHints hints) {
        if (hints.getBuyerNote() == null) {
            return List.of();
        }
        List<String> codes = new ArrayList<>();
        Matcher matcher = TRACK.matcher(hints.getBuyerNote());
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return HintRule.trimmed(codes);
    }

    @Override
    public Mono<Resolution> resolve(String merchantId, String value, Instant orderTime, IdentifierLookup lookup) {
        return Codes.promoOrShortCode(merchantId, value, lookup);
    }
}
