package io.tracknow.attribution.chain;

import java.util.LinkedHashSet;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A lookup that writes down what it is asked, and answers through another lookup or, by default, knows
 * nothing. The chain run against one that knows nothing finds no identifier, so every rule goes on to
 * its fallbacks (a campaign value is also tried as a short code, a note's code with its trailing dots
 * dropped...): what it asked is everything a run against the real identifiers can ask, which
 * {@link IdentifierLookup#prefetched} then reads in one go.
 */
final class AskRecorder implements IdentifierLookup {

    private final Set<Ask> asked = new LinkedHashSet<>();
    private final IdentifierLookup answers;

    /** Answers nothing. */
    AskRecorder() {
        this(null);
    }

    /** Answers what {@code answers} answers. */
    AskRecorder(IdentifierLookup answers) {
        this.answers = answers;
    }

    /** The lookups asked so far. */
    Set<Ask> asked() {
        return Set.copyOf(asked);
    }

    @Override
    public Mono<String> byCreatorId(String merchantId, String creatorId) {
        asked.add(new Ask(Ask.Kind.CREATOR_ID, creatorId));
        return answers == null ? Mono.empty() : answers.byCreatorId(merchantId, creatorId);
    }

    @Override
    public Mono<String> byPromoCode(String merchantId, String code) {
        asked.add(new Ask(Ask.Kind.PROMO_CODE, code));
        return answers == null ? Mono.empty() : answers.byPromoCode(merchantId, code);
    }

    @Override
    public Mono<String> byShortCode(String merchantId, String shortCode) {
        asked.add(new Ask(Ask.Kind.SHORT_CODE, shortCode));
        return answers == null ? Mono.empty() : answers.byShortCode(merchantId, shortCode);
    }

    @Override
    public Flux<String> byCampaign(String merchantId, String campaign) {
        asked.add(new Ask(Ask.Kind.CAMPAIGN, campaign));
        return answers == null ? Flux.empty() : answers.byCampaign(merchantId, campaign);
    }

    @Override
    public Mono<RecordedClick> click(String merchantId, String clickId) {
        asked.add(new Ask(Ask.Kind.CLICK_ID, clickId));
        return answers == null ? Mono.empty() : answers.click(merchantId, clickId);
    }
}
