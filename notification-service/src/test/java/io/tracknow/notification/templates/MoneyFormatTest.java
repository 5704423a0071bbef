package io.tracknow.notification.templates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyFormatTest {

    /** CLDR separates with no-break spaces; compare with plain ones. */
    private static String plain(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    @Test
    void writesDollarsTheFrenchAndTheEnglishWay() {
        assertThat(plain(MoneyFormat.format(1883, "USD", Locales.formatting("fr"))))
                .isEqualTo("18,83 $US");
        assertThat(MoneyFormat.format(1883, "USD", Locales.formatting("en"))).isEqualTo("$18.83");
    }

    @Test
    void writesCfaFrancsWithoutDecimals() {
        assertThat(plain(MoneyFormat.format(1500, "XOF", Locales.formatting("fr"))))
                .isEqualTo("1 500 F CFA");
        assertThat(plain(MoneyFormat.format(1500, "XOF", Locales.formatting("en"))))
                .isEqualTo("F CFA 1,500");
    }

    @Test
    void writesEurosDirhamsAndDinarsWithTheirOwnDigits() {
        assertThat(plain(MoneyFormat.format(123456, "EUR", Locales.formatting("fr"))))
                .isEqualTo("1 234,56 €");
        assertThat(plain(MoneyFormat.format(12345, "MAD", Locales.formatting("fr"))))
                .isEqualTo("123,45 MAD");
        assertThat(plain(MoneyFormat.format(12345, "KWD", Locales.formatting("en"))))
                .isEqualTo("KWD 12.345");
    }

    @Test
    void keepsTheCountryOfALocaleThatHasOne() {
        assertThat(plain(MoneyFormat.format(1883, "USD", Locales.formatting("fr-CA"))))
                .isEqualTo("18,83 $ US");
    }
}
