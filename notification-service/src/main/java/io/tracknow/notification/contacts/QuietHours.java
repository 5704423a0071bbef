package io.tracknow.notification.contacts;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The hours, in the influencer's own time zone, in which no e-mail is sent: an e-mail due then is held
 * until the window ends, never dropped. A window may cross midnight (22:00 to 07:00); no window
 * (both ends null) holds nothing.
 */
public record QuietHours(ZoneId zone, LocalTime start, LocalTime end) {

    public boolean isSet() {
        return start != null && end != null && !start.equals(end);
    }

    /** {@code at} itself when it is outside the window, else the instant the window ends. */
    public Instant nextAllowed(Instant at) {
        if (!isSet()) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean crossesMidnight = start.isAfter(end);
        boolean inside = crossesMidnight
                ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!inside) {
            return at;
        }
        ZonedDateTime endToday = local.with(end);
        ZonedDateTime until =
                endToday.isAfter(local) ? endToday : local.plusDays(1).with(end);
        return until.toInstant();
    }
}
