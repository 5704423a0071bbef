package io.tracknow.commission.plans;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A merchant's plan version: the merchant-wide rates, the hold period and the overrides. For one order
 * line the most specific matching rule wins, by a fixed rank (higher wins):
 * <ol>
 *   <li value="6">influencer + SKU</li>
 *   <li value="5">influencer + category</li>
 *   <li value="4">influencer</li>
 *   <li value="2">SKU</li>
 *   <li value="1">category</li>
 *   <li value="0">the merchant's rates</li>
 * </ol>
 * A deal with one influencer beats the catalogue, and within each a product beats its category. A
 * rule never names both a SKU and a category (a SKU has one category), so no two rules tie.
 *
 * @param version 0 for the platform default (no plan of the merchant's own)
 */
public record Plan(
        String merchantId,
        int version,
        Instant effectiveFrom,
        BigDecimal influencerRatePercent,
        BigDecimal platformRatePercent,
        int holdDays,
        List<Rule> rules) {

    public Plan {
        Objects.requireNonNull(merchantId, "merchantId");
        rules = List.copyOf(rules);
    }

    /** An override; null selectors match anything. */
    public record Rule(
            String influencerId,
            String sku,
            String category,
            BigDecimal influencerRatePercent,
            BigDecimal platformRatePercent) {

        public int rank() {
            return (influencerId != null ? 4 : 0) + (sku != null ? 2 : 0) + (category != null ? 1 : 0);
        }

        boolean matches(String influencer, String lineSku, String lineCategory) {
            return (influencerId == null || influencerId.equals(influencer))
                    && (sku == null || sku.equals(lineSku))
                    && (category == null || category.equals(lineCategory));
        }

        public String describe() {
            StringBuilder text = new StringBuilder();
            if (influencerId != null) {
                text.append("influencer=").append(influencerId);
            }
            if (sku != null) {
                text.append(text.isEmpty() ? "" : ",").append("sku=").append(sku);
            }
            if (category != null) {
                text.append(text.isEmpty() ? "" : ",").append("category=").append(category);
            }
            return text.toString();
        }
    }

    /** The rates of one line and the rule that chose them ("merchant" when none matched). */
    public record Rates(BigDecimal influencerPercent, BigDecimal platformPercent, String rule) {}

    public Rates ratesFor(String influencerId, String sku, String category) {
        Optional<Rule> best = rules.stream()
                .filter(r -> r.matches(influencerId, sku, category))
                .max(Comparator.comparingInt(Rule::rank));
        return best.map(r -> new Rates(r.influencerRatePercent(), r.platformRatePercent(), r.describe()))
                .orElseGet(() -> new Rates(influencerRatePercent, platformRatePercent, "merchant"));
    }
}
