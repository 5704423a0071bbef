package io.tracknow.payment.collect.config;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as the payments API writes them: ISO 8601 in UTC to the second, e.g. {@code 2025-01-25T10:15:30Z}. */
public final class Iso {

    private Iso() {}

    public static String utc(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
