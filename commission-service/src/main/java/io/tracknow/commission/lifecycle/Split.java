package io.tracknow.commission.lifecycle;

import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * How a paid sale divides: the influencer's and the platform's commissions, each rounded once,
 * half-up, to the currency's minor unit, and the merchant keeps exactly the rest, so the three always
 * add up to the sale.
 * <p>
 * When order lines earn different rates (category, SKU or influencer overrides), each share is
 * {@code total × Σ(line × rate) / Σ line}: the sale's total weighted by the lines' rates, computed
 * exactly and rounded once at the sale level (not per line, so no rounding error accumulates and a
 * sale whose lines all earn the same rate gives exactly {@code total × rate}). Lines with a
 * non-positive amount (discount lines) carry no weight. The platform's share is capped at what the
 * influencer's leaves, so the merchant's net is never negative even when the rates add up to 100 %
 * and both shares round up.
 */
public record Split(
        Money sale,
        Money influencer,
        Money platform,
        Money merchantNet,
        BigDecimal influencerRatePercent,
        BigDecimal platformRatePercent) {

    /** One order line's amount (unit price × quantity) and the rates that apply to it. */
    public record Line(long amountMinor, BigDecimal influencerPercent, BigDecimal platformPercent) {}

    public static Split of(Money sale, BigDecimal influencerPercent, BigDecimal platformPercent) {
        return of(sale, List.of(new Line(1, influencerPercent, platformPercent)));
    }

    /** @param lines at least one line with a positive amount */
    public static Split of(Money sale, List<Line> lines) {
        List<Line> weighted = lines.stream().filter(l -> l.amountMinor() > 0).toList();
        if (weighted.isEmpty()) {
            throw new IllegalArgumentException("no order line with a positive amount");
        }
        BigDecimal weight = BigDecimal.ZERO;
        BigDecimal influencerWeighted = BigDecimal.ZERO;
        BigDecimal platformWeighted = BigDecimal.ZERO;
        for (Line line : weighted) {
            BigDecimal amount = BigDecimal.valueOf(line.amountMinor());
            weight = weight.add(amount);
            influencerWeighted = influencerWeighted.add(amount.multiply(line.influencerPercent()));
            platformWeighted = platformWeighted.add(amount.multiply(line.platformPercent()));
        }
        long influencer = share(sale.minor(), influencerWeighted, weight);
        long platform = Math.min(share(sale.minor(), platformWeighted, weight), sale.minor() - influencer);
        Money influencerMoney = new Money(influencer, sale.currency());
        Money platformMoney = new Money(platform, sale.currency());
        return new Split(
                sale,
                influencerMoney,
                platformMoney,
                sale.minus(influencerMoney).minus(platformMoney),
                blended(influencerWeighted, weight),
                blended(platformWeighted, weight));
    }

    /** round-half-up(total × weightedPercent / (100 × weight)): one rounding, exact before it. */
    private static long share(long total, BigDecimal weightedPercent, BigDecimal weight) {
        return BigDecimal.valueOf(total)
                .multiply(weightedPercent)
                .divide(weight.movePointRight(2), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** The blended rate, to 4 decimals, for the record (the amounts above are the truth). */
    private static BigDecimal blended(BigDecimal weightedPercent, BigDecimal weight) {
        return weightedPercent.divide(weight, 4, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
