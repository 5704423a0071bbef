package io.tracknow.attribution.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.orders.AttributionHints;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuyerNoteRuleTest {

    private final BuyerNoteRule rule = new BuyerNoteRule();

    @Test
    void findsTrackCodesAnywhereInTheNoteInAnyCase() {
        assertThat(rule.values(note("Merci ! track: abc12345 and TRACK:XYZ99"))).containsExactly("abc12345", "XYZ99");
    }

    @Test
    void aNoteWithoutTrackGivesNothing() {
        assertThat(rule.values(note("leave at the door, code ABC12345"))).isEmpty();
        assertThat(rule.values(AttributionHints.newBuilder().build())).isEmpty();
    }

    @Test
    void capturesTheWholePromoCodeAlphabet() {
        assertThat(rule.values(note("TRACK:anna.k@summer-26_x, merci"))).containsExactly("anna.k@summer-26_x");
    }

    @Test
    void resolvesACodeWithDotsAndAtSigns() {
        InMemoryLookup lookup = new InMemoryLookup().promo("m", "ANNA.K@SUMMER", "anna");

        Resolution resolution = resolve("m", "Gift for mum. TRACK: anna.k@summer", lookup);

        assertThat(resolution.influencerId()).isEqualTo("anna");
    }

    @Test
    void aCodeEndingTheSentenceStillMatchesWithoutTheFullStop() {
        InMemoryLookup lookup =
                new InMemoryLookup().shortCode("m", "ABCD2345", "by-link").promo("m", "END.", "by-dot");

        assertThat(resolve("m", "Found you on TikTok, TRACK:ABCD2345.", lookup).influencerId())
                .isEqualTo("by-link");
        // a code that really ends with a dot is matched as written first
        assertThat(resolve("m", "TRACK:END.", lookup).influencerId()).isEqualTo("by-dot");
        assertThat(resolve("m", "TRACK:NOPE.", lookup).failure()).isEqualTo(Verdict.NO_MATCH);
    }

    private Resolution resolve(String merchant, String note, InMemoryLookup lookup) {
        String value = rule.values(note(note)).getFirst();
        return rule.resolve(merchant, value, Instant.now(), lookup).block();
    }

    private static AttributionHints note(String text) {
        return AttributionHints.newBuilder().setBuyerNote(text).build();
    }
}
