package io.tracknow.payment.debits;

import io.tracknow.web.ApiProblem;
import java.util.UUID;

final class PaymentIds {

    private PaymentIds() {}

    /** A payment id from a path; one that is not a UUID names no payment (404). */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("no-payment", "no payment " + id);
        }
    }
}
