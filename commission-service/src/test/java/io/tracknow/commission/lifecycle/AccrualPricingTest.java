package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.commission.plans.Plan;
import io.tracknow.events.common.OrderItem;
import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rates a sale is priced at, including sales whose lines carry no weight. */
class AccrualPricingTest {

    private static final Plan PLAN = new Plan(
            "m",
            1,
            Instant.EPOCH,
            new BigDecimal("15"),
            new BigDecimal("5"),
            14,
            List.of(
                    new Plan.Rule("inf-7", null, null, new BigDecimal("12"), new BigDecimal("3")),
                    new Plan.Rule(null, null, "beauty", new BigDecimal("20"), new BigDecimal("5")),
                    new Plan.Rule("inf-7", "SKU-X", null, new BigDecimal("40"), new BigDecimal("5"))));

    private static OrderItem item(String sku, String category, long unitPrice, int quantity) {
        return OrderItem.newBuilder()
                .setProductId(null)
                .setSku(sku)
                .setName(sku)
                .setCategory(category)
                .setQuantity(quantity)
                .setUnitPriceMinor(unitPrice)
                .build();
    }

    private static Split split(String influencer, long total, List<OrderItem> items) {
        Money sale = Money.of(total, "USD");
        return Accrual.split(PLAN, influencer, sale, Accrual.price(PLAN, influencer, items));
    }

    @Test
    void aSaleWithoutItemsUsesTheInfluencersOwnRates() {
        Split split = split("inf-7", 12550, List.of()); // 12 % of 125.50 = 15.06, 3 % = 3.765 -> 3.77
        assertThat(split.influencer().minor()).isEqualTo(1506);
        assertThat(split.platform().minor()).isEqualTo(377);
        assertThat(split.merchantNet().minor()).isEqualTo(12550 - 1506 - 377);
    }

    @Test
    void aSaleWhoseLinesAreAllFreeUsesTheInfluencersOwnRatesNotACategoryOrSkuRule() {
        // the lines carry no weight, so neither the beauty nor the SKU-X rule applies
        Split split = split("inf-7", 12550, List.of(item("SKU-X", "beauty", 0, 2), item("SKU-Y", "beauty", 500, 0)));
        assertThat(split.influencer().minor()).isEqualTo(1506);
        assertThat(split.platform().minor()).isEqualTo(377);
    }

    @Test
    void anotherInfluencersSaleWithoutItemsUsesTheMerchantRates() {
        Split split = split("inf-8", 12550, List.of());
        assertThat(split.influencer().minor()).isEqualTo(1883);
        assertThat(split.platform().minor()).isEqualTo(628);
        assertThat(split.merchantNet().minor()).isEqualTo(10039);
    }

    @Test
    void weightedLinesStillUseTheMostSpecificRulePerLine() {
        // SKU-X for inf-7 at 40 %, a beauty line at inf-7's 12 % (influencer beats category): 26 % of 200.00
        Split split =
                split("inf-7", 20000, List.of(item("SKU-X", "tools", 5000, 2), item("SKU-B", "beauty", 10000, 1)));
        assertThat(split.influencer().minor()).isEqualTo(5200);
        assertThat(split.platform().minor()).isEqualTo(800);
    }
}
