package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.commission.CommissionServiceTest;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.common.OrderStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each reversal path through Kafka and PostgreSQL, with the ledger account the influencer's share comes
 * out of: pending before validation, available after it, and available below zero after a payout.
 */
class ReversalPathsFlowTest extends CommissionServiceTest {

    @Test
    void aSaleRefundedBeforeValidationIsReversedWholeOutOfPendingAndNeverValidated() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        paid(merchant, order, influencer, 12550, "USD", List.of());
        event(order, CommissionAccrued.class);

        statusChanged(merchant, order, influencer, OrderStatus.REFUNDED, 12550, 12550, "USD");
        CommissionReversed reversed = events(order, CommissionReversed.class, 1).getFirst();
        assertThat(reversed.getReason()).isEqualTo(ReversalReason.REFUNDED);
        assertThat(reversed.getInfluencerMinor()).isEqualTo(1883);
        assertThat(reversed.getPlatformMinor()).isEqualTo(628);
        assertThat(reversalMovements(influencer)).containsExactly("INFLUENCER_PENDING 1883");
        assertThat(balance(influencer, "USD")).containsExactly(0, 0, 0);
        assertThat(owed(merchant, "USD")).isZero();
        assertThat(commission(influencer, order).path("status").asString()).isEqualTo("REVERSED");

        // the hold ends: a reversed commission is not validated. A later sale validated by the job proves
        // that the job ran after the first one's hold had ended.
        clock.advance(DEFAULT_HOLD.plusDays(1));
        String later = unique("order");
        paid(merchant, later, influencer, 1000, "USD", List.of());
        event(later, CommissionAccrued.class);
        clock.advance(DEFAULT_HOLD.plusDays(1));
        events(later, CommissionValidated.class, 1);
        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(order) && e.getEvent() instanceof CommissionValidated))
                .isEmpty();
        assertThat(balance(influencer, "USD")).containsExactly(0, 150, 0);
    }

    @Test
    void aPartRefundedBeforeValidationComesOutOfPendingAndOnlyTheRestIsValidated() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        paid(merchant, order, influencer, 12550, "USD", List.of());
        event(order, CommissionAccrued.class);

        // 25.50 of 125.50 refunded: 18.83 × 2550 / 12550 = 3.826 -> 3.83; 6.28 × 2550 / 12550 = 1.276 -> 1.28
        statusChanged(merchant, order, influencer, OrderStatus.PARTLY_REFUNDED, 12550, 2550, "USD");
        CommissionReversed reversed = events(order, CommissionReversed.class, 1).getFirst();
        assertThat(reversed.getReason()).isEqualTo(ReversalReason.PARTLY_REFUNDED);
        assertThat(reversed.getInfluencerMinor()).isEqualTo(383);
        assertThat(reversed.getPlatformMinor()).isEqualTo(128);
        assertThat(reversalMovements(influencer)).containsExactly("INFLUENCER_PENDING 383");
        assertThat(balance(influencer, "USD")).containsExactly(1500, 0, 0);
        assertThat(owed(merchant, "USD")).isEqualTo(2511 - 511);

        clock.advance(DEFAULT_HOLD.plusSeconds(1));
        assertThat(events(order, CommissionValidated.class, 1).getFirst().getInfluencerMinor())
                .isEqualTo(1500);
        assertThat(balance(influencer, "USD")).containsExactly(0, 1500, 0);
        assertThat(commission(influencer, order).path("status").asString()).isEqualTo("AVAILABLE");
    }

    @Test
    void aSaleCancelledAfterValidationIsReversedWholeOutOfAvailable() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        validatedCommission(merchant, order, influencer, 12550, "USD");
        assertThat(balance(influencer, "USD")).containsExactly(0, 1883, 0);

        statusChanged(merchant, order, influencer, OrderStatus.CANCELLED, 12550, 0, "USD");
        CommissionReversed reversed = events(order, CommissionReversed.class, 1).getFirst();
        assertThat(reversed.getReason()).isEqualTo(ReversalReason.CANCELLED);
        assertThat(reversed.getInfluencerMinor()).isEqualTo(1883);
        assertThat(reversed.getPlatformMinor()).isEqualTo(628);
        assertThat(reversalMovements(influencer)).containsExactly("INFLUENCER_AVAILABLE 1883");
        assertThat(balance(influencer, "USD")).containsExactly(0, 0, 0);
        assertThat(owed(merchant, "USD")).isZero();
        assertThat(commission(influencer, order).path("status").asString()).isEqualTo("REVERSED");
    }

    @Test
    void aPartialRefundAfterPayoutIsAPartialClawbackThatTakesAvailableBelowZero() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        String commissionId = validatedCommission(merchant, order, influencer, 10000, "MAD"); // 15.00 / 5.00
        payout(unique("pay"), influencer, 1500, "MAD", List.of(commissionId));
        events(order, CommissionPaidOut.class, 1);
        assertThat(balance(influencer, "MAD")).containsExactly(0, 0, 1500);

        // 40.00 of 100.00 refunded: 6.00 of the influencer's 15.00 and 2.00 of the platform's come back
        statusChanged(merchant, order, influencer, OrderStatus.PARTLY_REFUNDED, 10000, 4000, "MAD");
        CommissionReversed clawback = events(order, CommissionReversed.class, 1).getFirst();
        assertThat(clawback.getReason()).isEqualTo(ReversalReason.CLAWBACK);
        assertThat(clawback.getInfluencerMinor()).isEqualTo(600);
        assertThat(clawback.getPlatformMinor()).isEqualTo(200);
        assertThat(reversalMovements(influencer)).containsExactly("INFLUENCER_AVAILABLE 600");
        assertThat(balance(influencer, "MAD")).containsExactly(0, -600, 1500);
        assertThat(owed(merchant, "MAD")).isEqualTo(2000 - 800);
        assertThat(commission(influencer, order).path("status").asString()).isEqualTo("PAID");
        assertThat(commission(influencer, order).path("reversedInfluencerMinor").asLong())
                .isEqualTo(600);
    }
}
