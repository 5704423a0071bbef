package io.tracknow.gateway.intake;

import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.databind.JsonNode;

/** Shop amounts as minor units; a bad amount or currency is a 400 naming the field. */
public final class Amounts {

    private Amounts() {
    }

    public static String currency(String code, String field) {
        try {
            return Money.currency(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(field + ": " + e.getMessage());
        }
    }

    /** A decimal string such as "404.95" in the currency's minor units (strict: no rounding). */
    public static long minor(String decimal, String currency, String field) {
        try {
            return Money.parse(decimal, currency).minor();
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(field + ": " + e.getMessage());
        }
    }

    /**
     * A JSON number that a shop computed in floating point (WooCommerce's line item {@code price}, e.g.
     * 3.3333333333): rounded half-up to the currency's digits, as the shop itself displays it.
     */
    public static long roundedMinor(JsonNode number, String currency, String field) {
        if (number == null || !(number.isNumber() || number.isString())) {
            throw new InvalidWebhookException(field + " must be a number");
        }
        try {
            BigDecimal value = new BigDecimal(number.asString().trim());
            return Money.parse(value.setScale(Money.digits(Money.currency(currency)), RoundingMode.HALF_UP).toPlainString(),
                    currency).minor();
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(field + ": " + e.getMessage());
        }
    }
}
