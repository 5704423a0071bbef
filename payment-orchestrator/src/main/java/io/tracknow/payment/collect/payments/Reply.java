package io.tracknow.payment.collect.payments;

/**
 * An answer of the payments API, kept as its status and JSON text so that an idempotent replay answers
 * byte for byte what the first request got.
 *
 * @param replayed true when this is a stored first answer given again
 */
public record Reply(int status, String json, boolean replayed) {

    Reply asReplay() {
        return new Reply(status, json, true);
    }
}
