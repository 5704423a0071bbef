package io.tracknow.commission.money;

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

    public static Money of(long minor, String currencyCode) {
        return new Money(minor, Currency.getInstance(currencyCode));
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

    /** The amount in major units with the currency's own number of decimals, e.g. 18.83 or 1500. */
    public BigDecimal toMajor() {
        return BigDecimal.valueOf(minor, Math.max(currency.getDefaultFractionDigits(), 0));
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
