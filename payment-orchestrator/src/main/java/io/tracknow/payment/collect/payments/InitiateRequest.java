package io.tracknow.payment.collect.payments;

import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.net.URI;
import tools.jackson.databind.node.ObjectNode;

/**
 * A valid {@code POST /api/v1/payments/initiate} body.
 *
 * @param amountMajor the amount exactly as sent (for the sandbox's magic amounts)
 * @param amount      the same in the currency's minor units
 * @param sha256      a fingerprint of the request's meaning (field order and spacing do not count): the same
 *                    payment_id with another fingerprint is another request (409)
 */
public record InitiateRequest(
        String paymentId,
        BigDecimal amountMajor,
        Money amount,
        String paymentMethod,
        ObjectNode metadata,
        URI callbackUrl,
        String sha256) {}
