package io.tracknow.notification.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
    private static final ZoneId ABIDJAN = ZoneId.of("Africa/Abidjan");

    @Test
    void holdsAnEmailDueAtNightUntilTheMorningInTheInfluencersOwnZone() {
        QuietHours quiet = new QuietHours(ABIDJAN, LocalTime.of(22, 0), LocalTime.of(7, 0));
        assertThat(quiet.nextAllowed(Instant.parse("2026-12-02T23:30:00Z")))
                .isEqualTo(Instant.parse("2026-12-03T07:00:00Z"));
        assertThat(quiet.nextAllowed(Instant.parse("2026-12-03T03:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-03T07:00:00Z"));
    }

    @Test
    void letsAnEmailOutsideTheWindowGoAtOnce() {
        QuietHours quiet = new QuietHours(ABIDJAN, LocalTime.of(22, 0), LocalTime.of(7, 0));
        Instant noon = Instant.parse("2026-12-02T12:00:00Z");
        assertThat(quiet.nextAllowed(noon)).isEqualTo(noon);
        assertThat(quiet.nextAllowed(Instant.parse("2026-12-02T07:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-02T07:00:00Z"));
    }

    @Test
    void readsTheWindowInTheInfluencersTimeZoneNotUtc() {
        // 21:30 UTC is 22:30 in Casablanca (UTC+1): inside a 22:00-07:00 window there, outside it in UTC
        QuietHours quiet = new QuietHours(CASABLANCA, LocalTime.of(22, 0), LocalTime.of(7, 0));
        Instant at = Instant.parse("2026-12-02T21:30:00Z");
        assertThat(quiet.nextAllowed(at)).isEqualTo(Instant.parse("2026-12-03T06:00:00Z"));
    }

    @Test
    void aDaytimeWindowEndsTheSameDay() {
        QuietHours quiet = new QuietHours(ABIDJAN, LocalTime.of(12, 0), LocalTime.of(14, 0));
        assertThat(quiet.nextAllowed(Instant.parse("2026-12-02T13:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-02T14:00:00Z"));
        assertThat(quiet.nextAllowed(Instant.parse("2026-12-02T14:30:00Z")))
                .isEqualTo(Instant.parse("2026-12-02T14:30:00Z"));
    }

    @Test
    void noWindowHoldsNothing() {
        Instant at = Instant.parse("2026-12-02T23:30:00Z");
        assertThat(new QuietHours(ABIDJAN, null, null).nextAllowed(at)).isEqualTo(at);
    }
}
