package io.tracknow.notification.templates;

import io.tracknow.money.Money;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * An amount of minor units as a reader of that language writes it, with the currency's own digits:
 * 1883 USD is "18,83 $US" in French and "$18.83" in English, 1500 XOF has no decimals ("1 500 F CFA",
 * "F CFA 1,500").
 * Never through a double: the minor units become an exact decimal first.
 */
public final class MoneyFormat {

    private MoneyFormat() {}

    public static String format(long minor, String currencyCode, Locale locale) {
        Money money = Money.of(minor, currencyCode);
        Currency currency = money.currency();
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(Money.digits(currency));
        format.setMaximumFractionDigits(Money.digits(currency));
        String text = format.format(money.toMajor());
        String symbol = currency.getSymbol(locale);
        // CLDR's currency spacing, which java.text does not apply: "F CFA 15,000" and "MAD 123.45", not "F CFA15,000"
        if (text.startsWith(symbol)
                && text.length() > symbol.length()
                && Character.isLetter(symbol.charAt(symbol.length() - 1))
                && Character.isDigit(text.charAt(symbol.length()))) {
            text = symbol + '\u00a0' + text.substring(symbol.length());
        }
        return text;
    }
}
