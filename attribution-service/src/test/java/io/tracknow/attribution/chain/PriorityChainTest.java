package io.tracknow.attribution.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.sales.AttributionRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PriorityChainTest {

    static final String M = "shop-1";
    static final Instant ORDER_TIME = Instant.parse("2026-03-01T12:00:00Z");

    /** Each rule's hint, pointing at its own influencer "by-<RULE>". */
    static final Map<AttributionRule, Consumer<AttributionHints.Builder>> HINT = Map.of(
            AttributionRule.CREATOR_ID, h -> h.setCreatorId("creator-1"),
            AttributionRule.PROMO_CODE, h -> h.setPromoCodes(List.of("SUMMER10")),
            AttributionRule.UTM_SOURCE, h -> h.setUtmSource("ABCD2345"),
            AttributionRule.UTM_CAMPAIGN, h -> h.setUtmCampaign("spring_launch"),
            AttributionRule.BUYER_NOTE, h -> h.setBuyerNote("please gift wrap TRACK:NOTE7777 thanks"),
            AttributionRule.CLICK_ID, h -> h.setClickId("click-1"));

    static final List<AttributionRule> PRIORITY = List.of(
            AttributionRule.CREATOR_ID,
            AttributionRule.PROMO_CODE,
            AttributionRule.UTM_SOURCE,
            AttributionRule.UTM_CAMPAIGN,
            AttributionRule.BUYER_NOTE,
            AttributionRule.CLICK_ID);

    final InMemoryLookup lookup = new InMemoryLookup()
            .creator(M, "creator-1", "by-CREATOR_ID")
            .promo(M, "summer10", "by-PROMO_CODE")
            .shortCode(M, "ABCD2345", "by-UTM_SOURCE")
            .campaign(M, "spring_launch", "by-UTM_CAMPAIGN")
            .shortCode(M, "NOTE7777", "by-BUYER_NOTE")
            .click(M, "click-1", "by-CLICK_ID", ORDER_TIME.minus(Duration.ofDays(2)), Duration.ofDays(30));

    @ParameterizedTest
    @MethodSource("rules")
    void eachRuleAloneAttributesTheOrder(AttributionRule rule) {
        PriorityChain.Outcome outcome = evaluate(hints(rule));

        assertThat(outcome.winner()).hasValueSatisfying(w -> {
            assertThat(w.rule()).isEqualTo(rule);
            assertThat(w.influencerId()).isEqualTo("by-" + rule);
        });
        assertThat(outcome.candidates()).hasSize(1);
    }

    static Stream<AttributionRule> rules() {
        return PRIORITY.stream();
    }

    @ParameterizedTest(name = "{0} beats {1}")
    @MethodSource("conflictingPairs")
    void everyConflictingPairResolvesByPriority(AttributionRule higher, AttributionRule lower) {
        PriorityChain.Outcome outcome = evaluate(hints(lower, higher));

        assertThat(outcome.winner())
                .hasValueSatisfying(w -> assertThat(w.influencerId()).isEqualTo("by-" + higher));
        assertThat(outcome.candidates()).extracting(Candidate::rule).containsExactly(higher, lower);
        Candidate loser = outcome.candidates().get(1);
        assertThat(loser.verdict()).isEqualTo(Verdict.OUTRANKED);
        assertThat(loser.influencerId()).isEqualTo("by-" + lower);
        assertThat(loser.explanation()).contains("outranked by " + higher);
    }

    static Stream<Arguments> conflictingPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (int i = 0; i < PRIORITY.size(); i++) {
            for (int j = i + 1; j < PRIORITY.size(); j++) {
                pairs.add(Arguments.of(PRIORITY.get(i), PRIORITY.get(j)));
            }
        }
        return pairs.stream();
    }

    @Test
    void aHintMatchingNothingFallsThroughToTheNextRule() {
        AttributionHints.Builder h = hints(AttributionRule.UTM_SOURCE);
        h.setCreatorId("nobody").setPromoCodes(List.of("NOPE"));

        PriorityChain.Outcome outcome = evaluate(h);

        assertThat(outcome.winner())
                .hasValueSatisfying(w -> assertThat(w.rule()).isEqualTo(AttributionRule.UTM_SOURCE));
        assertThat(outcome.candidates())
                .extracting(Candidate::verdict)
                .containsExactly(Verdict.NO_MATCH, Verdict.NO_MATCH, Verdict.WON);
    }

    @Test
    void anotherMerchantsIdentifiersNeverMatch() {
        OrderReported order = order(
                "other-shop",
                hints(
                        AttributionRule.CREATOR_ID,
                        AttributionRule.PROMO_CODE,
                        AttributionRule.UTM_SOURCE,
                        AttributionRule.CLICK_ID));

        PriorityChain.Outcome outcome =
                PriorityChain.seed000().evaluate(order, lookup).block();

        assertThat(outcome.winner()).isEmpty();
        assertThat(outcome.candidates())
                .hasSize(4)
                .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.NO_MATCH));
    }

    @Test
    void hintsAreTrimmedAndComparedWithoutCase() {
        PriorityChain.Outcome outcome = evaluate(AttributionHints.newBuilder().setPromoCodes(List.of("  Summer10 ")));

        assertThat(outcome.winner()).hasValueSatisfying(w -> {
            assertThat(w.influencerId()).isEqualTo("by-PROMO_CODE");
            assertThat(w.hintValue()).isEqualTo("Summer10");
        });
    }

    @Test
    void aPromoCodeMayBeATrackingLinkShortCode() {
        PriorityChain.Outcome outcome = evaluate(AttributionHints.newBuilder().setPromoCodes(List.of("abcd2345")));

        assertThat(outcome.winner()).hasValueSatisfying(w -> {
            assertThat(w.rule()).isEqualTo(AttributionRule.PROMO_CODE);
            assertThat(w.influencerId()).isEqualTo("by-UTM_SOURCE");
        });
    }

    @Test
    void theSecondPromoCodeCountsWhenTheFirstIsUnknown() {
        PriorityChain.Outcome outcome =
                evaluate(AttributionHints.newBuilder().setPromoCodes(List.of("WELCOME", "SUMMER10")));

        assertThat(outcome.candidates()).extracting(Candidate::verdict).containsExactly(Verdict.NO_MATCH, Verdict.WON);
    }

    @Test
    void aCampaignSharedByTwoInfluencersIsAmbiguous() {
        lookup.campaign(M, "shared", "a", "b");

        PriorityChain.Outcome outcome = evaluate(AttributionHints.newBuilder().setUtmCampaign("shared"));

        assertThat(outcome.winner()).isEmpty();
        assertThat(outcome.candidates().getFirst().verdict()).isEqualTo(Verdict.AMBIGUOUS);
    }

    @Test
    void aCampaignMayAlsoBeAShortCode() {
        PriorityChain.Outcome outcome = evaluate(AttributionHints.newBuilder().setUtmCampaign("ABCD2345"));

        assertThat(outcome.winner())
                .hasValueSatisfying(w -> assertThat(w.influencerId()).isEqualTo("by-UTM_SOURCE"));
    }

    @Test
    void anOrderWithoutHintsHasNoCandidates() {
        PriorityChain.Outcome outcome = evaluate(AttributionHints.newBuilder());

        assertThat(outcome.winner()).isEmpty();
        assertThat(outcome.candidates()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintSets")
    void theRecordedQuestionsIncludeEveryQuestionARealRunAsks(String name, AttributionHints.Builder hints) {
        OrderReported order = order(M, hints);
        AskRecorder recorder = new AskRecorder();
        PriorityChain.seed000().evaluate(order, recorder).block();
        for (IdentifierLookup identifiers : List.of(lookup, new InMemoryLookup())) {
            AskRecorder real = new AskRecorder(identifiers);
            PriorityChain.Outcome outcome =
                    PriorityChain.seed000().evaluate(order, real).block();
            assertThat(real.asked()).isNotEmpty();
            assertThat(recorder.asked()).containsAll(real.asked());
            assertThat(PriorityChain.seed000()
                            .evaluatePrefetched(order, identifiers)
                            .block())
                    .isEqualTo(outcome);
        }
    }

    static Stream<Arguments> hintSets() {
        return Stream.of(
                Arguments.of("every hint", hints(PRIORITY.toArray(AttributionRule[]::new))),
                Arguments.of(
                        "a campaign that is a short code",
                        AttributionHints.newBuilder().setUtmCampaign("ABCD2345")),
                Arguments.of(
                        "a note with trailing dots",
                        AttributionHints.newBuilder().setBuyerNote("TRACK:NOTE7777... and TRACK:SUMMER10.")),
                Arguments.of(
                        "cart attributes and several codes",
                        AttributionHints.newBuilder()
                                .setPromoCodes(List.of("nope", "SUMMER10"))
                                .setCartAttributes(Map.of("tn_click", "click-1"))));
    }

    private PriorityChain.Outcome evaluate(AttributionHints.Builder hints) {
        return PriorityChain.seed000().evaluate(order(M, hints), lookup).block();
    }

    static AttributionHints.Builder hints(AttributionRule... rules) {
        AttributionHints.Builder builder = AttributionHints.newBuilder();
        for (AttributionRule rule : rules) {
            HINT.get(rule).accept(builder);
        }
        return builder;
    }

    static OrderReported order(String merchant, AttributionHints.Builder hints) {
        return OrderReported.newBuilder()
                .setEventId("e-1")
                .setOccurredAt(ORDER_TIME)
                .setReceivedAt(ORDER_TIME)
                .setMerchantId(merchant)
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId("o-1")
                .setStatus(OrderStatus.PAID)
                .setPlatformStatus("111")
                .setTotalMinor(100)
                .setCurrency("USD")
                .setHints(hints.build())
                .build();
    }
}
