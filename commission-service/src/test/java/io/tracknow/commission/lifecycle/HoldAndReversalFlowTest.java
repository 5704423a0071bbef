package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.commission.CommissionServiceTest;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The hold with a moved clock, every reversal path and payouts, through Kafka and PostgreSQL. */
class HoldAndReversalFlowTest extends CommissionServiceTest {

    @Autowired
    HoldJob holdJob;

    @Autowired
    DatabaseClient db;

    @Test
    void aCommissionBecomesAvailableWhenTheHoldEndsAndNotBefore() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        paid(merchant, order, influencer, 12550, "USD", List.of());
        event(order, CommissionAccrued.class);

        clock.advance(DEFAULT_HOLD.minusMinutes(1));
        holdJob.validateDue();
        assertThat(balance(influencer, "USD")).containsExactly(1883, 0, 0);

        clock.advance(Duration.ofMinutes(2)); // the scheduled job notices on its own
        CommissionValidated validated =
                events(order, CommissionValidated.class, 1).getFirst();
        assertThat(validated.getInfluencerMinor()).isEqualTo(1883);
        assertThat(balance(influencer, "USD")).containsExactly(0, 1883, 0);
        assertThat(owed(merchant, "USD")).isEqualTo(2511);
    }

    @Test
    void replicasValidateEachDueCommissionExactlyOnce() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            orders.add(unique("order"));
            paid(merchant, orders.getLast(), influencer, 1000 + i, "EUR", List.of());
        }
        orders.forEach(o -> event(o, CommissionAccrued.class));
        clock.advance(DEFAULT_HOLD.plusHours(1)); // "downtime": all are overdue at once
        // three "replicas" race the scheduled job
        CompletableFuture.allOf(
                        CompletableFuture.runAsync(holdJob::validateDue),
                        CompletableFuture.runAsync(holdJob::validateDue),
                        CompletableFuture.runAsync(holdJob::validateDue))
                .join();

        orders.forEach(o -> events(o, CommissionValidated.class, 1));
        Long validations = db.sql(
                        "SELECT count(*) AS n FROM ledger_entries e JOIN commissions c ON c.id = e.commission_id"
                                + " WHERE e.kind = 'VALIDATION' AND c.influencer_id = :inf")
                .bind("inf", influencer)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
        assertThat(validations).isEqualTo(12);
        assertThat(commissions.values(
                        e -> e.getInfluencerId().equals(influencer) && e.getEvent() instanceof CommissionValidated))
                .hasSize(12);
        assertThat(balance(influencer, "EUR")).containsExactly(0, sumOfShares(12), 0);
    }

    private static long sumOfShares(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += java.math.BigDecimal.valueOf(1000 + i)
                    .multiply(java.math.BigDecimal.valueOf(15))
                    .movePointLeft(2)
                    .setScale(0, java.math.RoundingMode.HALF_UP)
                    .longValueExact();
        }
        return sum;
    }

    @Test
    void aSaleCancelledBeforeValidationIsReversedWhole() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        paid(merchant, order, influencer, 12550, "USD", List.of());
        event(order, CommissionAccrued.class);

        double handled = salesHandled();
        statusChanged(merchant, order, influencer, OrderStatus.CANCELLED, 12550, 0, "USD");
        // the shop re-sends the cancellation (a new event id): nothing more is reversed
        statusChanged(merchant, order, influencer, OrderStatus.CANCELLED, 12550, 0, "USD");
        awaitHandled("commission.sales", handled, 2); // both processed before "only once" is asserted
        CommissionReversed reversed = events(order, CommissionReversed.class, 1).getFirst();
        assertThat(reversed.getReason()).isEqualTo(ReversalReason.CANCELLED);
        assertThat(reversed.getInfluencerMinor()).isEqualTo(1883);
        assertThat(reversed.getPlatformMinor()).isEqualTo(628);
        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(order) && e.getEvent() instanceof CommissionReversed))
                .hasSize(1);
        assertThat(reversalMovements(influencer)).containsExactly("INFLUENCER_PENDING 1883");
        assertThat(balance(influencer, "USD")).containsExactly(0, 0, 0);
        assertThat(owed(merchant, "USD")).isZero();

        clock.advance(DEFAULT_HOLD.plusDays(1));
        holdJob.validateDue();
        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(order) && e.getEvent() instanceof CommissionValidated))
                .isEmpty();
        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(order) && e.getEvent() instanceof CommissionReversed))
                .hasSize(1);
        assertThat(get("/api/influencers/" + influencer + "/commissions")
                        .path("commissions")
                        .get(0)
                        .path("status")
                        .asString())
                .isEqualTo("REVERSED");
    }

    @Test
    void partialRefundsAfterValidationAreReversedInProportionAndNeverBeyondTheAccrual() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        validatedCommission(merchant, order, influencer, 1001, "KWD"); // 150 fils / 50 fils

        // a third refunded: 150 × 1/3 = 50, 50 × 1/3 = 16.67 -> 17
        statusChanged(merchant, order, influencer, OrderStatus.PARTLY_REFUNDED, 1001, 333, "KWD");
        CommissionReversed first = events(order, CommissionReversed.class, 1).getFirst();
        assertThat(first.getReason()).isEqualTo(ReversalReason.PARTLY_REFUNDED);
        assertThat(first.getInfluencerMinor()).isEqualTo(50);
        assertThat(first.getPlatformMinor()).isEqualTo(17);
        assertThat(balance(influencer, "KWD")).containsExactly(0, 100, 0);

        // then everything (a shop reporting more than the sale is clamped): only the rest is reversed
        statusChanged(merchant, order, influencer, OrderStatus.REFUNDED, 1001, 5000, "KWD");
        CommissionReversed second = events(order, CommissionReversed.class, 2).get(1);
        assertThat(second.getInfluencerMinor()).isEqualTo(100);
        assertThat(second.getPlatformMinor()).isEqualTo(33);
        assertThat(balance(influencer, "KWD")).containsExactly(0, 0, 0);
        assertThat(owed(merchant, "KWD")).isZero();
    }

    @Test
    void aRefundAfterPayoutIsAClawbackRecoveredFromTheNextCommission() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String first = unique("order");
        String commissionId = validatedCommission(merchant, first, influencer, 10000, "MAD"); // 1500 / 500

        String payment = unique("pay");
        payout(payment, influencer, 1500, "MAD", List.of(commissionId));
        CommissionPaidOut paidOut = events(first, CommissionPaidOut.class, 1).getFirst();
        assertThat(paidOut.getInfluencerMinor()).isEqualTo(1500);
        assertThat(paidOut.getPaymentId()).isEqualTo(payment);
        assertThat(balance(influencer, "MAD")).containsExactly(0, 0, 1500);
        // the same payment again moves nothing
        double handled = paymentsHandled();
        payout(payment, influencer, 1500, "MAD", List.of(commissionId));
        awaitHandled("commission.payments", handled, 1);
        assertThat(balance(influencer, "MAD")).containsExactly(0, 0, 1500);
        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(first) && e.getEvent() instanceof CommissionPaidOut))
                .hasSize(1);

        statusChanged(merchant, first, influencer, OrderStatus.REFUNDED, 10000, 10000, "MAD");
        CommissionReversed clawback = events(first, CommissionReversed.class, 1).getFirst();
        assertThat(clawback.getReason()).isEqualTo(ReversalReason.CLAWBACK);
        assertThat(balance(influencer, "MAD")).containsExactly(0, -1500, 1500);

        String second = unique("order");
        String secondId = validatedCommission(merchant, second, influencer, 20000, "MAD"); // 3000
        assertThat(balance(influencer, "MAD")).containsExactly(0, 1500, 1500);

        // the clawback is recovered: only what is available (1500 of the 3000) may be paid
        payout(unique("pay"), influencer, 1500, "MAD", List.of(secondId));
        events(second, CommissionPaidOut.class, 1);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(balance(influencer, "MAD")).containsExactly(0, 0, 3000));
        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(first) && e.getEvent() instanceof CommissionPaidOut))
                .hasSize(1);
    }

    @Test
    void aPayoutOfMoreThanItsCommissionsEarnedGoesToTheDeadLetterTopicAndMovesNothing() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        String commissionId = validatedCommission(merchant, order, influencer, 10000, "MAD");

        String payment = unique("pay");
        try (TopicProbe<Object> dlq = TopicProbe.avro(Topics.PAYMENTS.dlq())) {
            payout(payment, influencer, 1501, "MAD", List.of(commissionId));
            await().atMost(PATIENCE).until(() -> dlq.values(v -> v.toString().contains(payment)), l -> !l.isEmpty());
        }
        assertThat(balance(influencer, "MAD")).containsExactly(0, 1500, 0);
    }

    @Test
    void aMerchantsOwnHoldPeriodEndsWhenItsDaysHavePassed() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        assertThat(request(
                                "PUT",
                                "/api/merchants/" + merchant + "/commission-plan",
                                OPERATOR,
                                "{\"influencerRatePercent\": 15, \"platformRatePercent\": 5, \"holdDays\": 3}")
                        .statusCode())
                .isEqualTo(200);
        String order = unique("order");
        paid(merchant, order, influencer, 12550, "USD", List.of());
        CommissionAccrued accrued = events(order, CommissionAccrued.class, 1).getFirst();
        assertThat(accrued.getHoldUntil()).isEqualTo(clock.instant().plus(Duration.ofDays(3)));

        clock.advance(Duration.ofDays(3).minusMinutes(1));
        holdJob.validateDue();
        assertThat(balance(influencer, "USD")).containsExactly(1883, 0, 0);
        assertThat(commissions.values(
                        e -> e.getExternalOrderId().equals(order) && e.getEvent() instanceof CommissionValidated))
                .isEmpty();

        clock.advance(Duration.ofMinutes(2)); // three days, not fourteen: the scheduled job validates it
        assertThat(events(order, CommissionValidated.class, 1).getFirst().getInfluencerMinor())
                .isEqualTo(1883);
        assertThat(balance(influencer, "USD")).containsExactly(0, 1883, 0);
    }

    @Test
    void theHoldJobCatchesUpOnMoreDueCommissionsThanOneBatchInSeveralShortTransactions() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        int due = 3 * HOLD_BATCH + 1;
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < due; i++) {
            orders.add(unique("order"));
            paid(merchant, orders.getLast(), influencer, 2000, "EUR", List.of());
        }
        orders.forEach(o -> event(o, CommissionAccrued.class));
        clock.advance(DEFAULT_HOLD.plusDays(2)); // after downtime, all are overdue at once

        orders.forEach(o -> events(o, CommissionValidated.class, 1));
        assertThat(balance(influencer, "EUR")).containsExactly(0, due * 300L, 0);
        // each validation transaction (xmin of its rows) held no more than one batch of rows
        List<Long> perTransaction = db.sql("SELECT count(*) AS n FROM ledger_entries e JOIN commissions c"
                        + " ON c.id = e.commission_id WHERE e.kind = 'VALIDATION' AND c.influencer_id = :inf"
                        + " GROUP BY e.xmin::text")
                .bind("inf", influencer)
                .map(row -> row.get("n", Long.class))
                .all()
                .collectList()
                .block();
        assertThat(perTransaction.stream().mapToLong(Long::longValue).sum()).isEqualTo(due);
        assertThat(perTransaction).allMatch(n -> n <= HOLD_BATCH).hasSizeGreaterThanOrEqualTo(4);
    }
}
