package io.tracknow.attribution.chain;

import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.sales.AttributionRule;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Priority 4: utm_campaign, a backup when utm_source is missing or unknown. It matches a short code,
 * or the utm_campaign one influencer of the merchant puts on its links; a campaign shared by several
 * influencers cannot decide. The lookup already limits itself to two influencers, so its result is
 * read to the end: cutting a database query short cancels it in flight.
 */
public final class UtmCampaignRule implements HintRule {

    @Override
    public AttributionRule rule() {
        return AttributionRule.UTM_CAMPAIGN;
    }

    @Override
    public List<String> values(AttributionHints hints) {
        return HintRule.trimmed(hints.getUtmCampaign());
    }

    @Override
    public Mono<Resolution> resolve(String merchantId, String value, Instant orderTime, IdentifierLookup lookup) {
        return lookup.byShortCode(merchantId, value)
                .map(id -> Resolution.matched(id, "tracking-link short code of influencer " + id))
                .switchIfEmpty(Mono.defer(() -> lookup.byCampaign(merchantId, value)
                        .collectList()
                        .map(ids -> switch (ids.size()) {
                            case 0 ->
                                Resolution.failed(
                                        Verdict.NO_MATCH,
                                        "neither a short code nor the utm_campaign of an influencer of this merchant");
                            case 1 ->
                                Resolution.matched(ids.getFirst(), "utm_campaign of influencer " + ids.getFirst());
                            default ->
                                Resolution.failed(
                                        Verdict.AMBIGUOUS,
                                        "utm_campaign shared by several influencers of this merchant");
                        })));
    }
}
