package io.tracknow.payment.collect.callbacks;

import java.time.Instant;
import java.util.function.BiFunction;

/** A callback as the operator sees it: where it goes, how far it got and what the receiver answered. */
public record CallbackRecord(
        long id,
        String externalPaymentId,
        String url,
        String state,
        int attempts,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        Integer lastStatus,
        String lastResponse,
        String lastError,
        Instant createdAt,
        Instant deliveredAt,
        String body) {

    static CallbackRecord of(BiFunction<String, Class<?>, Object> row) {
        return new CallbackRecord(
                (Long) row.apply("id", Long.class),
                (String) row.apply("external_payment_id", String.class),
                (String) row.apply("url", String.class),
                (String) row.apply("state", String.class),
                (Integer) row.apply("attempts", Integer.class),
                (Instant) row.apply("next_attempt_at", Instant.class),
                (Instant) row.apply("last_attempt_at", Instant.class),
                (Integer) row.apply("last_status", Integer.class),
                (String) row.apply("last_response", String.class),
                (String) row.apply("last_error", String.class),
                (Instant) row.apply("created_at", Instant.class),
                (Instant) row.apply("delivered_at", Instant.class),
                (String) row.apply("body", String.class));
    }
}
