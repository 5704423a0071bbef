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
 * Priority 5, the last of the order's own hints: a buyer note containing {@code TRACK:CODE} (any case,
 * spaces allowed after the colon), where CODE is a promo code or a short code of the merchant. CODE
 * is read in the whole alphabet a promo code may use (letters, digits, {@code _ . @ -}, as the
 * management API accepts them). A note that ends a sentence right after the code ("... TRACK:ANNA10.")
 * still matches: when the code as written matches nothing, it is tried without its trailing dots.
 */
public final class BuyerNoteRule implements HintRule {

    private static final Pattern TRACK = Pattern.compile("TRACK:\\s*([A-Za-z0-9_.@-]+)", Pattern.CASE_INSENSITIVE);

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
        String withoutDots = value.replaceAll("\\.+$", "");
        Mono<Resolution> asWritten = Codes.promoOrShortCode(merchantId, value, lookup);
        if (withoutDots.equals(value) || withoutDots.isEmpty()) {
            return asWritten;
        }
        return asWritten.flatMap(resolution -> resolution.isMatch()
                ? Mono.just(resolution)
                : Codes.promoOrShortCode(merchantId, withoutDots, lookup)
                        .map(trimmed -> trimmed.isMatch()
                                ? Resolution.matched(
                                        trimmed.influencerId(),
                                        trimmed.explanation() + " (" + withoutDots
                                                + ", the note's trailing dots dropped)")
                                : resolution));
    }
}
