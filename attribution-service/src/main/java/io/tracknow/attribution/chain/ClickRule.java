package io.tracknow.attribution.chain;

import io.tracknow.attribution.chain.IdentifierLookup.RecordedClick;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.sales.AttributionRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Priority 6, after the five order hints: a click id carried by the order (TikTok tracking_info.click_id,
 * or the click_id our redirect put in the landing URL, which Shopify keeps in landing_site and a
 * WooCommerce shop copies into its meta data, or a cart / note attribute holding it)
 * counts only if it is a recorded click on one of the merchant's links, made at most the merchant's
 * attribution window (30 days by default) before the order and not after it.
 */
public final class ClickRule implements HintRule {

    /** Cart attribute names (compared case-insensitively) that carry our click id. */
    public static final Set<String> CLICK_ATTRIBUTES =
            Set.of("tn_click", "tracknow_click", "tracknow_click_id", "click_id");

    @Override
    public AttributionRule rule() {
        return AttributionRule.CLICK_ID;
    }

    @Override
    public List<String> values(AttributionHints hints) {
        List<String> ids = new ArrayList<>();
        if (hints.getClickId() != null) {
            ids.add(hints.getClickId());
        }
        for (Map.Entry<String, String> attribute : hints.getCartAttributes().entrySet()) {
            if (CLICK_ATTRIBUTES.contains(attribute.getKey().trim().toLowerCase(Locale.ROOT))) {
                ids.add(attribute.getValue());
            }
        }
        return HintRule.trimmed(ids);
    }

    @Override
    public Mono<Resolution> resolve(String merchantId, String value, Instant orderTime, IdentifierLookup lookup) {
        return lookup.click(merchantId, value)
                .map(click -> judge(click, orderTime))
                .defaultIfEmpty(Resolution.failed(Verdict.NO_MATCH, "no recorded click of this merchant has this id"));
    }

    static Resolution judge(RecordedClick click, Instant orderTime) {
        if (click.clickedAt().isAfter(orderTime)) {
            return Resolution.failed(Verdict.OUTSIDE_WINDOW, "the click came after the order");
        }
        Duration age = Duration.between(click.clickedAt(), orderTime);
        if (age.compareTo(click.window()) > 0) {
            return Resolution.failed(
                    Verdict.OUTSIDE_WINDOW,
                    "clicked " + age.toDays() + " days before the order," + " outside the attribution window of "
                            + click.window().toDays() + " days");
        }
        return Resolution.matched(
                click.influencerId(),
                "click on link " + click.shortCode() + " of influencer " + click.influencerId() + ", " + age.toDays()
                        + " days before the order");
    }
}
