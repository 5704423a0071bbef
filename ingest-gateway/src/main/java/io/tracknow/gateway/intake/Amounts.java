package io.tracknow.gateway.intake;

import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.databind.JsonNode;

/**
 * Shop amounts as minor units, read exactly (decimal strings through BigDecimal, never a double): more
 * decimals than the currency has, or more than a long holds, is a 400 naming the field. Whether the amount
 * is one an order can have (not negative, not absurdly large) is {@link PayloadLimits}' rule.
 */
public final class Amounts {

    private static final java.util.regex.Pattern PLAIN_DECIMAL = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?");
    /** Digits of Long.MAX_VALUE: no amount in minor units has more. */
    private static final int MAX_INTEGER_DIGITS = 19;
    /** Longer text is no amount (and is not handed to BigDecimal, whose parsing of a huge number is slow). */
    private static final int MAX_DECIMAL_LENGTH = 64;

    private Amounts() {}

    public static String currency(String code, String field) {
        try {
            return Money.currency(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(field + ": " + e.getMessage());
        }
    }

    /** A decimal string such as "404.95" in the currency's minor units (strict: no rounding). */
    public static long minor(String decimal, String currency, String field) {
        if (decimal.length() > MAX_DECIMAL_LENGTH) {
            throw new InvalidWebhookException(field + " is not an amount: " + decimal.length() + " characters long");
        }
        try {
            return Money.parse(decimal, currency).minor();
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(field + ": " + e.getMessage());
        }
    }

    /**
     * A JSON number that a shop computed in floating point (WooCommerce's line item {@code price}, e.g.
     * 3.3333333333): rounded half-up to the currency's digits, as the shop itself displays it. The number is
     * read as the exact decimal it was written as ({@link JsonBodies#object} reads no doubles); one with more
     * than 19 integer digits is refused before any rounding (1e999999999 would otherwise be expanded).
     */
    public static long roundedMinor(JsonNode number, String currency, String field) {
        BigDecimal value;
        if (number != null && number.isNumber()) {
            value = number.decimalValue();
        } else if (number != null
                && number.isString()
                && PLAIN_DECIMAL.matcher(number.asString().trim()).matches()) {
            value = new BigDecimal(number.asString().trim());
        } else {
            throw new InvalidWebhookException(field + " must be a decimal number");
        }
        if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw new InvalidWebhookException(field + " " + value + " is too large");
        }
        try {
            return Money.parse(
                            value.setScale(Money.digits(Money.currency(currency)), RoundingMode.HALF_UP)
                                    .toPlainString(),
                            currency)
                    .minor();
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(field + ": " + e.getMessage());
        }
    }
}
