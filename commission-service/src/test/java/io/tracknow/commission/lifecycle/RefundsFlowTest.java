package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.commission.CommissionServiceTest;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.common.Refund;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Identified refunds through Kafka and PostgreSQL: the sale's refunded total is the sum of its distinct
 * refunds, so refunds in several webhooks add up to the money refunded, equal refunds both count, and a
 * refund reported again counts once. 125.50 USD at the default 15 % / 5 % accrues 18.83 and 6.28.
 */
class RefundsFlowTest extends CommissionServiceTest {

    @Test
    void aPartialRefundThenTheRestReversesTheWholeCommission() throws Exception {
        Sale sale = accruedSale();

        // 50.20 of 125.50: 18.83 x 5020 / 12550 = 7.532 -> 7.53; 6.28 -> 2.512 -> 2.51
        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-1", 5020));
        CommissionReversed first =
                events(sale.order(), CommissionReversed.class, 1).getFirst();
        assertThat(first.getInfluencerMinor()).isEqualTo(753);
        assertThat(first.getPlatformMinor()).isEqualTo(251);
        assertThat(first.getReason()).isEqualTo(ReversalReason.PARTLY_REFUNDED);

        // the remaining 75.30 in a second refund: the refunded total is 125.50, the whole commission goes back
        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-1", 5020), refund("r-2", 7530));
        CommissionReversed rest =
                events(sale.order(), CommissionReversed.class, 2).get(1);
        assertThat(rest.getInfluencerMinor()).isEqualTo(1883 - 753);
        assertThat(rest.getPlatformMinor()).isEqualTo(628 - 251);
        assertThat(rest.getReason()).isEqualTo(ReversalReason.REFUNDED);
        assertThat(balance(sale.influencer(), "USD"))
                .as("influencer's pending, available, paid")
                .containsExactly(0, 0, 0);
        assertThat(owed(sale.merchant(), "USD"))
                .as("the merchant owes nothing for a refunded order")
                .isZero();
        assertThat(commission(sale.influencer(), sale.order()).path("status").asString())
                .isEqualTo("REVERSED");
        assertThat(commission(sale.influencer(), sale.order())
                        .path("reversedPlatformMinor")
                        .asLong())
                .isEqualTo(628);
    }

    @Test
    void twoRefundsOfEqualAmountsReverseTwice() throws Exception {
        Sale sale = accruedSale();

        // 30.00: 18.83 x 3000 / 12550 = 4.5012 -> 4.50, 6.28 -> 1.5012 -> 1.50; 60.00: 9.0024 -> 9.00, 3.0024 -> 3.00
        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-a", 3000));
        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-a", 3000), refund("r-b", 3000));
        List<CommissionReversed> reversed = events(sale.order(), CommissionReversed.class, 2);
        assertThat(reversed).extracting(CommissionReversed::getInfluencerMinor).containsExactly(450L, 450L);
        assertThat(reversed).extracting(CommissionReversed::getPlatformMinor).containsExactly(150L, 150L);
        assertThat(balance(sale.influencer(), "USD")).containsExactly(1883 - 900, 0, 0);
        assertThat(owed(sale.merchant(), "USD")).isEqualTo(2511 - 1200);
    }

    @Test
    void aRefundReportedAgainIsReversedOnce() throws Exception {
        Sale sale = accruedSale();

        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-1", 3000));
        events(sale.order(), CommissionReversed.class, 1);
        double before = salesHandled();
        // the same refund again, in new events (a redelivery, and a later order update listing it)
        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-1", 3000));
        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-1", 3000), refund("r-1", 3000));
        awaitHandled("commission.sales", before, 2);

        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(sale.order()) && e.getEvent() instanceof CommissionReversed))
                .hasSize(1);
        assertThat(commission(sale.influencer(), sale.order())
                        .path("reversedInfluencerMinor")
                        .asLong())
                .isEqualTo(450);
        assertThat(owed(sale.merchant(), "USD")).isEqualTo(2511 - 600);
    }

    @Test
    void aFullRefundReportedAsRefundedTakesBackWhatThePartialRefundLeft() throws Exception {
        Sale sale = accruedSale();
        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-1", 5020));
        events(sale.order(), CommissionReversed.class, 1);

        refunds(sale, OrderStatus.REFUNDED, refund("r-1", 5020), refund("r-2", 7530));
        CommissionReversed rest =
                events(sale.order(), CommissionReversed.class, 2).get(1);
        assertThat(rest.getInfluencerMinor()).isEqualTo(1130);
        assertThat(rest.getReason()).isEqualTo(ReversalReason.REFUNDED);
        assertThat(balance(sale.influencer(), "USD")).containsExactly(0, 0, 0);
        assertThat(owed(sale.merchant(), "USD")).isZero();
    }

    @Test
    void refundsAfterThePayoutAreClawedBackInFull() throws Exception {
        Sale sale = new Sale(unique("m"), unique("inf"), unique("order"));
        String commissionId = validatedCommission(sale.merchant(), sale.order(), sale.influencer(), 12550, "USD");
        payout(unique("pay"), sale.influencer(), 1883, "USD", List.of(commissionId));
        events(sale.order(), CommissionPaidOut.class, 1);
        assertThat(balance(sale.influencer(), "USD")).containsExactly(0, 0, 1883);

        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-1", 5020));
        refunds(sale, OrderStatus.PARTLY_REFUNDED, refund("r-2", 7530));
        List<CommissionReversed> clawbacks = events(sale.order(), CommissionReversed.class, 2);
        assertThat(clawbacks)
                .extracting(CommissionReversed::getReason)
                .containsExactly(ReversalReason.CLAWBACK, ReversalReason.CLAWBACK);
        assertThat(clawbacks).extracting(CommissionReversed::getInfluencerMinor).containsExactly(753L, 1130L);
        assertThat(reversalMovements(sale.influencer()))
                .containsExactly("INFLUENCER_AVAILABLE 753", "INFLUENCER_AVAILABLE 1130");
        // the influencer owes back what was paid for a refunded order; later commissions recover it
        assertThat(balance(sale.influencer(), "USD")).containsExactly(0, -1883, 1883);
        assertThat(owed(sale.merchant(), "USD")).isZero();
        assertThat(commission(sale.influencer(), sale.order()).path("status").asString())
                .isEqualTo("REVERSED");
    }

    /** One order's ids. */
    private record Sale(String merchant, String influencer, String order) {}

    /** A paid sale of 125.50 USD, accrued (18.83 to the influencer, 6.28 to the platform). */
    private Sale accruedSale() {
        Sale sale = new Sale(unique("m"), unique("inf"), unique("order"));
        paid(sale.merchant(), sale.order(), sale.influencer(), 12550, "USD", List.of());
        event(sale.order(), CommissionAccrued.class);
        return sale;
    }

    private void refunds(Sale sale, OrderStatus status, Refund... refunds) {
        refunded(sale.merchant(), sale.order(), sale.influencer(), status, 12550, "USD", refunds);
    }
}
