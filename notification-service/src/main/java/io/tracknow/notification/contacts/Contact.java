package io.tracknow.notification.contacts;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * How to reach an influencer: e-mail address (none: no e-mail), locale of the messages, time zone for
 * dates and quiet hours. {@code quietStart}/{@code quietEnd} are both set or both null; a window may
 * cross midnight (22:00 to 07:00).
 */
public record Contact(
        String influencerId, String email, String locale, ZoneId timeZone, LocalTime quietStart, LocalTime quietEnd) {

    public QuietHours quietHours() {
        return new QuietHours(timeZone, quietStart, quietEnd);
    }
}
