package io.tracknow.attribution.chain;

import io.tracknow.events.orders.OrderReported;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The attribution priority (docs/attribution-service.md, "The priority chain"): TikTok creator id, then promo code, utm_source,
 * utm_campaign, a buyer note TRACK:CODE, then a recorded click inside the window. Every hint of the
 * order is considered and kept with its verdict; the first that identifies an influencer of the
 * merchant wins, the later matches are outranked, and a hint matching nothing falls through. The
 * same order and the same identifiers always give the same answer.
 */
public final class PriorityChain {

    private final List<HintRule> rules;

    public PriorityChain(List<HintRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static PriorityChain seed000() {
        return new PriorityChain(List.of(
                new CreatorIdRule(),
                new PromoCodeRule(),
                new UtmSourceRule(),
                new UtmCampaignRule(),
                new BuyerNoteRule(),
                new ClickRule()));
    }

    /**
     * The outcome, with every identifier the order's hints may need read in one go
     * ({@link IdentifierLookup#prefetched}): a first run against an {@link AskRecorder} lists them.
     */
    public Mono<Outcome> evaluatePrefetched(OrderReported order, IdentifierLookup lookup) {
        return asks(order)
                .flatMap(asks -> lookup.prefetched(order.getMerchantId(), asks))
                .flatMap(prefetched -> evaluate(order, prefetched));
    }

    /**
     * The questions the order's hints put to a lookup before any is answered (a run against an
     * {@link AskRecorder}): what a prefetch reads. A question that depends on an answer is not among them.
     */
    public Mono<Set<Ask>> asks(OrderReported order) {
        AskRecorder recorder = new AskRecorder();
        return evaluate(order, recorder).then(Mono.fromSupplier(recorder::asked));
    }

    public Mono<Outcome> evaluate(OrderReported order, IdentifierLookup lookup) {
        Instant orderTime = order.getOccurredAt();
        return Flux.fromIterable(rules)
                .concatMap(rule -> Flux.fromIterable(rule.values(order.getHints()))
                        .concatMap(value -> rule.resolve(order.getMerchantId(), value, orderTime, lookup)
                                .map(resolution -> new Candidate(
                                        rule.rule(),
                                        value,
                                        resolution.influencerId(),
                                        resolution.failure(),
                                        resolution.explanation()))))
                .collectList()
                .map(PriorityChain::rank);
    }

    /** Marks the first match as the winner and the later matches as outranked by it. */
    static Outcome rank(List<Candidate> considered) {
        List<Candidate> ranked = new ArrayList<>(considered.size());
        Candidate winner = null;
        for (Candidate c : considered) {
            if (c.influencerId() == null) {
                ranked.add(c);
            } else if (winner == null) {
                winner = new Candidate(c.rule(), c.hintValue(), c.influencerId(), Verdict.WON, c.explanation());
                ranked.add(winner);
            } else {
                ranked.add(new Candidate(
                        c.rule(),
                        c.hintValue(),
                        c.influencerId(),
                        Verdict.OUTRANKED,
                        c.explanation() + "; outranked by " + winner.rule() + " " + winner.hintValue()));
            }
        }
        return new Outcome(List.copyOf(ranked));
    }

    /** Every candidate in priority order; the winner, if any, is the one marked WON. */
    public record Outcome(List<Candidate> candidates) {

        public Optional<Candidate> winner() {
            return candidates.stream().filter(c -> c.verdict() == Verdict.WON).findFirst();
        }
    }
}
