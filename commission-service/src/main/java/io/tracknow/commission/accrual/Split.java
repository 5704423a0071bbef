package io.tracknow.commission.accrual;

import io.tracknow.money.Money;
import java.math.BigDecimal;

/**
 * How a paid sale divides: the influencer's and the platform's commissions, each rounded once,
 * and the merchant keeps exactly the rest, so the three always add up to the sale.
 */
public record Split(Money sale, Money influencer, Money platform, Money merchantNet) {

    public static Split of(Money sale, BigDecimal influencerPercent, BigDecimal platformPercent) {
        Money influencer = sale.percent(influencerPercent);
        Money platform = sale.percent(platformPercent);
        return new Split(sale, influencer, platform, sale.minus(influencer).minus(platform));
    }
}
