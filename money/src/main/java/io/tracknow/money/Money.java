package io.tracknow.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in a currency's minor units (cents, or whole yen and CFA francs, or fils with three
 * digits), never a floating-point number. Arithmetic is exact and refuses to mix currencies;
 * a percentage is taken once, rounded half-up to the currency's own exponent.
 */
public record Money(long minor, Currency currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    /**
     * @throws IllegalArgumentException when the code is not an ISO 4217 currency
     */
    public static Money of(long minor, String currencyCode) {
        return new Money(minor, currency(currencyCode));
    }

    /**
     * Parses a decimal amount as shops send it ("404.95", "1500", "0.125") in the currency's minor
     * units. Refuses more decimals than the currency has (12.345 USD) rather than rounding money away.
     *
     * @throws IllegalArgumentException when the text is not a plain decimal, has too many decimals,
     *                                  or the currency is unknown
     */
    public static Money parse(String decimal, String currencyCode) {
        Currency currency = currency(currencyCode);
        if (decimal == null || !decimal.trim().matches("-?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("not a decimal amount: " + decimal);
        }
        try {
            long minor = new BigDecimal(decimal.trim())
                    .movePointRight(digits(currency))
                    .setScale(0, RoundingMode.UNNECESSARY)
                    .longValueExact();
            return new Money(minor, currency);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    decimal + " has more decimals than " + currency.getCurrencyCode() + " allows (" + digits(currency)
                            + ") or is too large",
                    e);
        }
    }

    /** The ISO 4217 currency of a code such as "MAD"; case-insensitive, surrounding blanks ignored. */
    public static Currency currency(String code) {
        if (code == null) {
            throw new IllegalArgumentException("no currency code");
        }
        try {
            return Currency.getInstance(code.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + code, e);
        }
    }

    /** Decimal digits of the currency's minor unit (2 for MAD and EUR, 0 for XOF and JPY, 3 for KWD). */
    public static int digits(Currency currency) {
        return Math.max(currency.getDefaultFractionDigits(), 0);
    }

    /** Minor units as a decimal string with the currency's own digits, e.g. 1883 USD gives "18.83". */
    public static String format(long minor, String currencyCode) {
        return of(minor, currencyCode).toMajor().toPlainString();
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minor, other.minor), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minor, other.minor), currency);
    }

    /** {@code percent} % of this amount (e.g. 15 or 12.5), rounded half-up to the minor unit. */
    public Money percent(BigDecimal percent) {
        BigDecimal exact = BigDecimal.valueOf(minor).multiply(percent).movePointLeft(2);
        return new Money(exact.setScale(0, RoundingMode.HALF_UP).longValueExact(), currency);
    }

    /**
     * The share of this amount that {@code part} is of {@code whole}: this × part / whole, computed exactly
     * and rounded once, half-up, to the minor unit (the refunded share of a commission). {@code part} is
     * clamped to [0, whole], so the share is never negative nor more than this amount; a non-positive
     * {@code whole} (a sale of nothing) gives the whole amount.
     */
    public Money shareOf(long part, long whole) {
        if (whole <= 0) {
            return this;
        }
        long clamped = Math.min(Math.max(part, 0), whole);
        long share = BigDecimal.valueOf(minor)
                .multiply(BigDecimal.valueOf(clamped))
                .divide(BigDecimal.valueOf(whole), 0, RoundingMode.HALF_UP)
                .longValueExact();
        return new Money(share, currency);
    }

    /** The amount in major units with the currency's own number of decimals, e.g. 18.83 or 1500. */
    public BigDecimal toMajor() {
        return BigDecimal.valueOf(minor, digits(currency));
    }

    @Override
    public String toString() {
        return toMajor().toPlainString() + " " + currency.getCurrencyCode();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }
}
