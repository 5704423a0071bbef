package io.tracknow.commission.accrual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.money.Money;
import java.math.BigDecimal;
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
        assertThat(Money.of(1001, "KWD").percent(new BigDecimal("12.5")).minor()).isEqualTo(125);
        assertThat(Money.of(1001, "KWD").toString()).isEqualTo("1.001 KWD");
        // exactly half a minor unit goes up: 10 % of 5 cents = 0.5 -> 1
        assertThat(Money.of(5, "EUR").percent(BigDecimal.TEN).minor()).isEqualTo(1);
    }

    @Test
    void theThreeSharesAlwaysAddUpToTheSale() {
        for (long total = 0; total < 5000; total += 7) {
            Split split = Split.of(Money.of(total, "MAD"), new BigDecimal("12.3456"), new BigDecimal("4.9999"));
            assertThat(split.influencer().plus(split.platform()).plus(split.merchantNet())).isEqualTo(split.sale());
        }
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.of(1, "USD").plus(Money.of(1, "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
