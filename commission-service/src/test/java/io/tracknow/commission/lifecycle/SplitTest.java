package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitTest {

    @Test
    void theSeedOrderSplitsExactlyIntoCommissionsAndTheMerchantsShare() {
        Split split = Split.of(Money.of(12550, "USD"), new BigDecimal("15"), new BigDecimal("5"));
        assertThat(split.influencer()).isEqualTo(Money.of(1883, "USD"));
        assertThat(split.platform()).isEqualTo(Money.of(628, "USD"));
        assertThat(split.merchantNet()).isEqualTo(Money.of(10039, "USD"));
        assertThat(split.influencer().toString()).isEqualTo("18.83 USD");
    }

    @Test
    void roundsHalfUpToTheCurrencysOwnExponent() {
        // XOF has no minor unit: 15 % of 1003 = 150.45 -> 150; 5 % = 50.15 -> 50
        Split xof = Split.of(Money.of(1003, "XOF"), new BigDecimal("15"), new BigDecimal("5"));
        assertThat(xof.influencer().minor()).isEqualTo(150);
        assertThat(xof.platform().minor()).isEqualTo(50);
        assertThat(xof.merchantNet().minor()).isEqualTo(803);
        // KWD has three decimals: 12.5 % of 1.001 KWD (1001 fils) = 125.125 fils -> 125
        assertThat(Money.of(1001, "KWD").percent(new BigDecimal("12.5")).minor())
                .isEqualTo(125);
        assertThat(Money.of(1001, "KWD").toString()).isEqualTo("1.001 KWD");
        // exactly half a minor unit goes up: 10 % of 5 cents = 0.5 -> 1
        assertThat(Money.of(5, "EUR").percent(BigDecimal.TEN).minor()).isEqualTo(1);
    }

    @Test
    void theThreeSharesAlwaysAddUpToTheSale() {
        for (long total = 0; total < 5000; total += 7) {
            Split split = Split.of(Money.of(total, "MAD"), new BigDecimal("12.3456"), new BigDecimal("4.9999"));
            assertThat(split.influencer().plus(split.platform()).plus(split.merchantNet()))
                    .isEqualTo(split.sale());
        }
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.of(1, "USD").plus(Money.of(1, "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linesAtDifferentRatesAreWeightedExactlyAndRoundedOnceForTheSale() {
        // 1/3 of the weight at 10 %, 2/3 at 20 %: 16.666... % of 1000 = 166.67 -> 167 (per-line rounding would give 33
        // + 133 = 166)
        Split split = Split.of(
                Money.of(1000, "EUR"),
                List.of(
                        new Split.Line(100, new BigDecimal("10"), new BigDecimal("5")),
                        new Split.Line(200, new BigDecimal("20"), new BigDecimal("5"))));
        assertThat(split.influencer().minor()).isEqualTo(167);
        assertThat(split.platform().minor()).isEqualTo(50);
        assertThat(split.merchantNet().minor()).isEqualTo(783);
        assertThat(split.influencerRatePercent()).isEqualByComparingTo("16.6667");
    }

    @Test
    void linesAllAtOneRateGiveExactlyTheSingleRateSplit() {
        Split lines = Split.of(
                Money.of(12550, "USD"),
                List.of(
                        new Split.Line(2500, new BigDecimal("15"), new BigDecimal("5")),
                        new Split.Line(7777, new BigDecimal("15"), new BigDecimal("5"))));
        assertThat(lines.influencer().minor()).isEqualTo(1883);
        assertThat(lines.platform().minor()).isEqualTo(628);
        assertThat(lines.merchantNet().minor()).isEqualTo(10039);
    }

    @Test
    void theMerchantNetIsNeverNegativeWhenBothSharesRoundUpAtOneHundredPercent() {
        // 50 % + 50 % of 1 cent: both round up to 1; the platform gets what is left
        Split split = Split.of(Money.of(1, "USD"), new BigDecimal("50"), new BigDecimal("50"));
        assertThat(split.influencer().minor()).isEqualTo(1);
        assertThat(split.platform().minor()).isZero();
        assertThat(split.merchantNet().minor()).isZero();
    }

    @Test
    void theSharesAddUpToTheSaleForRandomLinesRatesAndCurrencies() {
        Random random = new Random(20261123);
        String[] currencies = {"USD", "JPY", "KWD", "XOF", "MAD"};
        for (int i = 0; i < 20_000; i++) {
            List<Split.Line> lines = new ArrayList<>();
            for (int l = 0; l < 1 + random.nextInt(4); l++) {
                BigDecimal influencer = BigDecimal.valueOf(random.nextInt(1_000_001), 4);
                BigDecimal platform = BigDecimal.valueOf(
                        random.nextInt(1_000_001 - influencer.unscaledValue().intValue()), 4);
                lines.add(new Split.Line(1 + random.nextInt(100_000), influencer, platform));
            }
            Money sale = Money.of(random.nextLong(0, 1_000_000_000L), currencies[i % currencies.length]);
            Split split = Split.of(sale, lines);
            assertThat(split.influencer().plus(split.platform()).plus(split.merchantNet()))
                    .isEqualTo(sale);
            assertThat(split.influencer().minor()).isBetween(0L, sale.minor());
            assertThat(split.platform().minor()).isNotNegative();
            assertThat(split.merchantNet().minor()).isNotNegative();
        }
    }
}
