package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.commission.CommissionServiceTest;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payouts through Kafka and PostgreSQL: a payout never exceeds the influencer's available balance, so a
 * clawback is recovered from the next commissions; a partial payout leaves the rest payable later.
 */
class ClawbackRecoveryFlowTest extends CommissionServiceTest {

    @Test
    void aClawbackIsRecoveredBeforeANewCommissionIsPaidInFull() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String first = unique("order");
        String firstId = validatedCommission(merchant, first, influencer, 10000, "MAD"); // 15.00
        payout(unique("pay"), influencer, 1500, "MAD", List.of(firstId));
        events(first, CommissionPaidOut.class, 1);
        statusChanged(merchant, first, influencer, OrderStatus.REFUNDED, 10000, 10000, "MAD");
        events(first, CommissionReversed.class, 1);
        assertThat(balance(influencer, "MAD")).containsExactly(0, -1500, 1500);

        String second = unique("order");
        String secondId = validatedCommission(merchant, second, influencer, 20000, "MAD"); // 30.00
        assertThat(balance(influencer, "MAD")).containsExactly(0, 1500, 1500);

        // the new commission's full share would pay the clawed-back 15.00 a second time: refused
        String tooMuch = unique("pay");
        try (TopicProbe<Object> dlq = TopicProbe.avro(Topics.PAYMENTS.dlq())) {
            payout(tooMuch, influencer, 3000, "MAD", List.of(secondId));
            assertThat(dlqReason(dlq, tooMuch))
                    .contains("available balance of 1500")
                    .contains("clawback not yet recovered");
        }
        assertThat(balance(influencer, "MAD")).containsExactly(0, 1500, 1500);
        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(second) && e.getEvent() instanceof CommissionPaidOut))
                .isEmpty();

        // what is available is paid: the influencer has received 30.00 for 30.00 earned in all
        payout(unique("pay"), influencer, 1500, "MAD", List.of(secondId));
        assertThat(events(second, CommissionPaidOut.class, 1).getFirst().getInfluencerMinor())
                .isEqualTo(1500);
        assertThat(balance(influencer, "MAD")).containsExactly(0, 0, 3000);

        // and nothing more can be paid until a new commission is validated
        String nothingLeft = unique("pay");
        try (TopicProbe<Object> dlq = TopicProbe.avro(Topics.PAYMENTS.dlq())) {
            payout(nothingLeft, influencer, 1, "MAD", List.of(secondId));
            assertThat(dlqReason(dlq, nothingLeft)).contains("available balance of 0");
        }
        String third = unique("order");
        String thirdId = validatedCommission(merchant, third, influencer, 10000, "MAD"); // 15.00
        payout(unique("pay"), influencer, 1500, "MAD", List.of(thirdId));
        events(third, CommissionPaidOut.class, 1);
        assertThat(balance(influencer, "MAD")).containsExactly(0, 0, 4500);
    }

    @Test
    void aPartialPayoutLeavesTheRestOfTheCommissionPayableLater() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        String commissionId = validatedCommission(merchant, order, influencer, 10000, "MAD"); // 15.00

        payout(unique("pay"), influencer, 600, "MAD", List.of(commissionId));
        assertThat(events(order, CommissionPaidOut.class, 1).getFirst().getInfluencerMinor())
                .isEqualTo(600);
        assertThat(balance(influencer, "MAD")).containsExactly(0, 900, 600);
        assertThat(commission(influencer, order).path("status").asString()).isEqualTo("AVAILABLE");
        assertThat(commission(influencer, order).path("paidInfluencerMinor").asLong())
                .isEqualTo(600);

        // a later payout names the same commission for the rest
        payout(unique("pay"), influencer, 900, "MAD", List.of(commissionId));
        assertThat(events(order, CommissionPaidOut.class, 2).get(1).getInfluencerMinor())
                .isEqualTo(900);
        assertThat(balance(influencer, "MAD")).containsExactly(0, 0, 1500);
        assertThat(commission(influencer, order).path("status").asString()).isEqualTo("PAID");
        assertThat(commission(influencer, order).path("paidInfluencerMinor").asLong())
                .isEqualTo(1500);
    }
}
