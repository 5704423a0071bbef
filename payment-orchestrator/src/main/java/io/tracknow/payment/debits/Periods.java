package io.tracknow.payment.debits;

import io.tracknow.payment.config.PaymentProperties.Debits.Period;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/** The name of the period a debit covers: "2026-W49" (ISO week), "2026-12-02" (day) or "2026-12" (month). */
final class Periods {

    private Periods() {}

    static String of(Instant at, ZoneId zone, Period period) {
        ZonedDateTime local = at.atZone(zone);
        return switch (period) {
            case DAY -> local.toLocalDate().toString();
            case WEEK ->
                String.format(
                        "%d-W%02d", local.get(IsoFields.WEEK_BASED_YEAR), local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format("%d-%02d", local.getYear(), local.getMonthValue());
        };
    }
}
