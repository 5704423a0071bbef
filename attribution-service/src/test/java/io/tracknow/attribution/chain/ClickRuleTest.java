package io.tracknow.attribution.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.chain.IdentifierLookup.RecordedClick;
import io.tracknow.events.orders.AttributionHints;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickRuleTest {

    static final Instant ORDER = Instant.parse("2026-03-31T00:00:00Z");

    @Test
    void aClickInsideTheWindowMatches() {
        Resolution r = ClickRule.judge(click(ORDER.minus(Duration.ofDays(29)), 30), ORDER);
        assertThat(r.influencerId()).isEqualTo("inf");
    }

    @Test
    void aClickExactlyAtTheWindowsEdgeStillMatches() {
        assertThat(ClickRule.judge(click(ORDER.minus(Duration.ofDays(30)), 30), ORDER)
                        .isMatch())
                .isTrue();
    }

    @Test
    void aClickOlderThanTheWindowDoesNot() {
        Resolution r = ClickRule.judge(click(ORDER.minus(Duration.ofDays(31)), 30), ORDER);
        assertThat(r.isMatch()).isFalse();
        assertThat(r.failure()).isEqualTo(Verdict.OUTSIDE_WINDOW);
        assertThat(r.explanation()).contains("31 days", "30 days");
    }

    @Test
    void theMerchantsOwnWindowApplies() {
        assertThat(ClickRule.judge(click(ORDER.minus(Duration.ofDays(8)), 7), ORDER)
                        .failure())
                .isEqualTo(Verdict.OUTSIDE_WINDOW);
    }

    @Test
    void aClickAfterTheOrderDoesNotCount() {
        assertThat(ClickRule.judge(click(ORDER.plusSeconds(60), 30), ORDER).failure())
                .isEqualTo(Verdict.OUTSIDE_WINDOW);
    }

    @Test
    void readsTheClickIdAndOurCookieValueFromCartAttributes() {
        AttributionHints hints = AttributionHints.newBuilder()
                .setClickId(" c-1 ")
                .setCartAttributes(Map.of("TN_CLICK", "c-2", "gift_message", "c-3"))
                .build();
        assertThat(new ClickRule().values(hints)).containsExactly("c-1", "c-2");
    }

    private static RecordedClick click(Instant at, int windowDays) {
        return new RecordedClick("inf", "CODE2345", at, Duration.ofDays(windowDays));
    }
}
