package io.tracknow.attribution.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.AttributionIntegrationTest;
import io.tracknow.attribution.chain.Ask;
import io.tracknow.attribution.chain.IdentifierLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The chain's identifiers read in one statement ({@link DatabaseLookup#prefetched}) answer every question
 * exactly as the one-query-per-question lookups do: matches, misses, another merchant's identifiers, any
 * case and surrounding blanks, a campaign shared by two influencers, a click with the merchant's window
 * or the default one; and a question that was not prefetched still gets the database's answer.
 */
class PrefetchedLookupTest extends AttributionIntegrationTest {

    @Autowired
    DatabaseLookup database;

    @Test
    void answersEveryQuestionAsTheSingleLookupsDo() throws Exception {
        String merchant = unique("shop");
        String other = unique("other");
        String alice = unique("alice");
        String bob = unique("bob");
        String stranger = unique("stranger");
        influencer(merchant, alice, "\"utmCampaign\":\"Spring_Drop\"");
        influencer(merchant, bob, "\"utmCampaign\":\"spring_drop\"");
        influencer(other, stranger, "\"utmCampaign\":\"Solo\"");
        creatorIds(alice, "Creator-" + alice);
        creatorIds(stranger, "creator-" + stranger);
        promoCode(alice, "ALICE10-" + alice);
        promoCode(stranger, "STRANGER-" + stranger);
        trackingSettings(merchant, 7, "shop.example");
        trackingSettings(other, null, "shop.example");
        String aliceCode = link(merchant, alice, "https://shop.example/");
        String strangerCode = link(other, stranger, "https://shop.example/");
        String aliceClick = click(aliceCode);
        String strangerClick = click(strangerCode);

        Set<Ask> asks = new LinkedHashSet<>(List.of(
                new Ask(Ask.Kind.CREATOR_ID, " creator-" + alice.toUpperCase() + " "),
                new Ask(Ask.Kind.CREATOR_ID, "creator-" + stranger),
                new Ask(Ask.Kind.CREATOR_ID, "nobody"),
                new Ask(Ask.Kind.PROMO_CODE, "alice10-" + alice),
                new Ask(Ask.Kind.PROMO_CODE, "STRANGER-" + stranger),
                new Ask(Ask.Kind.SHORT_CODE, " " + aliceCode.toLowerCase()),
                new Ask(Ask.Kind.SHORT_CODE, strangerCode),
                new Ask(Ask.Kind.SHORT_CODE, "NOPE"),
                new Ask(Ask.Kind.CAMPAIGN, "SPRING_DROP"),
                new Ask(Ask.Kind.CAMPAIGN, "solo"),
                new Ask(Ask.Kind.CAMPAIGN, "none"),
                new Ask(Ask.Kind.CLICK_ID, aliceClick.toUpperCase()),
                new Ask(Ask.Kind.CLICK_ID, strangerClick),
                new Ask(Ask.Kind.CLICK_ID, "00000000-0000-0000-0000-000000000000")));
        IdentifierLookup prefetched = database.prefetched(merchant, asks).block();
        assertThat(prefetched).isNotSameAs(database);

        List<Object> expected = answers(database, merchant, asks);
        assertThat(answers(prefetched, merchant, asks)).isEqualTo(expected);
        // what the fixtures say, so that the comparison is not between two empty lists
        assertThat(expected)
                .containsExactly(
                        alice,
                        "-",
                        "-",
                        alice,
                        "-",
                        alice,
                        "-",
                        "-",
                        List.of(alice, bob).stream().sorted().toList(),
                        List.of(),
                        List.of(),
                        new IdentifierLookup.RecordedClick(
                                alice,
                                aliceCode,
                                prefetchedClickTime(prefetched, merchant, aliceClick),
                                Duration.ofDays(7)),
                        "-",
                        "-");

        // any subset of the kinds (the statement is put together from the kinds asked)
        for (Ask.Kind left : Ask.Kind.values()) {
            Set<Ask> without = new LinkedHashSet<>(asks);
            without.removeIf(ask -> ask.kind() == left);
            IdentifierLookup fewer = database.prefetched(merchant, without).block();
            assertThat(answers(fewer, merchant, without))
                    .as("without %s", left)
                    .isEqualTo(answers(database, merchant, without));
        }
        Set<Ask> clickOnly = Set.of(new Ask(Ask.Kind.CLICK_ID, aliceClick));
        assertThat(answers(database.prefetched(merchant, clickOnly).block(), merchant, clickOnly))
                .isEqualTo(answers(database, merchant, clickOnly))
                .doesNotContain("-");

        // not prefetched: still answered, by a query of its own
        assertThat(prefetched.byCreatorId(merchant, "creator-" + alice).block()).isEqualTo(alice);
        assertThat(prefetched.byPromoCode(other, "stranger-" + stranger).block())
                .isEqualTo(stranger);
    }

    private static java.time.Instant prefetchedClickTime(IdentifierLookup lookup, String merchant, String click) {
        return lookup.click(merchant, click.toUpperCase())
                .map(c -> c.clickedAt())
                .block();
    }

    /** Each question's answer in order: an influencer id, a sorted list for a campaign, a click, or "-". */
    private static List<Object> answers(IdentifierLookup lookup, String merchant, Set<Ask> asks) {
        List<Object> answers = new ArrayList<>();
        for (Ask ask : asks) {
            Object answer = switch (ask.kind()) {
                case CREATOR_ID -> lookup.byCreatorId(merchant, ask.value()).block();
                case PROMO_CODE -> lookup.byPromoCode(merchant, ask.value()).block();
                case SHORT_CODE -> lookup.byShortCode(merchant, ask.value()).block();
                case CAMPAIGN ->
                    lookup.byCampaign(merchant, ask.value())
                            .sort()
                            .collectList()
                            .block();
                case CLICK_ID -> lookup.click(merchant, ask.value()).block();
            };
            answers.add(answer == null ? "-" : answer);
        }
        return answers;
    }
}
