package io.tracknow.attribution.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.orders.AttributionHints;
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

    private static AttributionHints note(String text) {
        return AttributionHints.newBuilder().setBuyerNote(text).build();
    }
}
