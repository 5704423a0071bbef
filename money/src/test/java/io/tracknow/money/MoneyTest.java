package io.tracknow.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void parsesShopDecimalsInTheCurrencysOwnMinorUnits() {
        assertThat(Money.parse("404.95", "USD").minor()).isEqualTo(40495);
        assertThat(Money.parse("125.5", "EUR").minor()).isEqualTo(12550);
        assertThat(Money.parse("1500", "XOF").minor()).isEqualTo(1500);
        assertThat(Money.parse("1500", "jpy").minor()).isEqualTo(1500);
        assertThat(Money.parse("1.250", "KWD").minor()).isEqualTo(1250);
        assertThat(Money.parse(" 0.10 ", "MAD").minor()).isEqualTo(10);
    }

    @Test
    void refusesToRoundAwayDecimalsTheCurrencyDoesNotHave() {
        assertThatThrownBy(() -> Money.parse("12.345", "USD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more decimals");
        assertThatThrownBy(() -> Money.parse("10.5", "XOF")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhatIsNotAPlainDecimal() {
        for (String bad : new String[] {"", "12,50", "1e3", "abc", "12.", ".5", "NaN"}) {
            assertThatThrownBy(() -> Money.parse(bad, "USD")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Money.parse(null, "USD")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnUnknownCurrency() {
        assertThatThrownBy(() -> Money.of(1, "XYZ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> Money.parse("1", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsWithTheCurrencysDigits() {
        assertThat(Money.format(1883, "USD")).isEqualTo("18.83");
        assertThat(Money.format(1500, "XOF")).isEqualTo("1500");
        assertThat(Money.format(1001, "KWD")).isEqualTo("1.001");
        assertThat(Money.format(-5, "EUR")).isEqualTo("-0.05");
    }

    @Test
    void takesAPercentageOnceHalfUp() {
        assertThat(Money.of(12550, "USD").percent(new BigDecimal("15")).minor()).isEqualTo(1883);
        assertThat(Money.of(12550, "USD").percent(new BigDecimal("5")).minor()).isEqualTo(628);
    }

    @Test
    void aShareIsRoundedOnceHalfUpAndNeverExceedsTheAmount() {
        Money commission = Money.of(1883, "USD");
        assertThat(commission.shareOf(5020, 12550).minor())
                .as("18.83 x 50.20 / 125.50 = 7.532")
                .isEqualTo(753);
        assertThat(commission.shareOf(12550, 12550)).isEqualTo(commission);
        assertThat(Money.of(150, "USD").shareOf(1, 1001).minor()).isZero();
        assertThat(Money.of(150, "USD").shareOf(333, 1001).minor()).isEqualTo(50);
        assertThat(Money.of(1, "USD").shareOf(1, 2).minor())
                .as("exactly half goes up")
                .isEqualTo(1);
        assertThat(Money.of(150, "USD").shareOf(-5, 1001).minor())
                .as("a negative part is no share")
                .isZero();
        assertThat(Money.of(150, "USD").shareOf(2000, 1001).minor())
                .as("more than the whole is the whole")
                .isEqualTo(150);
        assertThat(Money.of(150, "KWD").shareOf(3, 0))
                .as("a share of nothing is all of it")
                .isEqualTo(Money.of(150, "KWD"));
    }
}
