package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.commission.ledger.Account;
import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Commission commission(long total, long influencer, long platform, String currency) {
        Money zero = Money.of(0, currency);
        return new Commission(
                UUID.randomUUID(),
                "m",
                "SHOPIFY",
                "o-" + UUID.randomUUID(),
                "inf",
                Money.of(total, currency),
                new BigDecimal("15"),
                new BigDecimal("5"),
                Money.of(influencer, currency),
                Money.of(platform, currency),
                Money.of(total - influencer - platform, currency),
                CommissionStatus.PENDING,
                T0,
                T0.plus(Duration.ofDays(14)),
                1,
                zero,
                zero,
                zero,
                null);
    }

    @Test
    void theAccrualEntryChargesTheMerchantAndCreditsPendingAndRevenue() {
        Commission c = commission(12550, 1883, 628, "USD");
        Lifecycle.Step step = Lifecycle.accrue(c, T0);
        JournalEntry entry = step.entry();
        assertThat(entry.postings())
                .extracting(p -> p.account() + " " + p.amount().minor())
                .containsExactly("MERCHANT_PAYABLE 2511", "INFLUENCER_PENDING -1883", "PLATFORM_REVENUE -628");
        assertThat(JournalEntry.balances(entry.postings())).isTrue();
        assertThat(step.next()).isEqualTo(c);
        assertThat(step.event()).isInstanceOfSatisfying(CommissionAccrued.class, accrued -> {
            assertThat(accrued.getInfluencerMinor()).isEqualTo(1883);
            assertThat(accrued.getPlatformMinor()).isEqualTo(628);
            assertThat(accrued.getMerchantNetMinor()).isEqualTo(10039);
            assertThat(accrued.getInfluencerRatePercent()).isEqualTo("15");
            assertThat(accrued.getHoldUntil()).isEqualTo(T0.plus(Duration.ofDays(14)));
        });
    }

    @Test
    void onlyANewCommissionAccruesAndAmountsInAnotherCurrencyAreRefused() {
        Commission validated = Lifecycle.validate(commission(12550, 1883, 628, "USD"), T0.plus(Duration.ofDays(14)))
                .orElseThrow()
                .next();
        assertThatThrownBy(() -> Lifecycle.accrue(validated, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AVAILABLE");
        Money zero = Money.of(0, "USD");
        assertThatThrownBy(() -> new Commission(
                        UUID.randomUUID(),
                        "m",
                        "SHOPIFY",
                        "o",
                        "inf",
                        Money.of(100, "USD"),
                        BigDecimal.TEN,
                        BigDecimal.ONE,
                        Money.of(10, "EUR"),
                        Money.of(1, "USD"),
                        Money.of(89, "USD"),
                        CommissionStatus.PENDING,
                        T0,
                        T0,
                        1,
                        zero,
                        zero,
                        zero,
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EUR");
    }

    @Test
    void aCommissionIsValidatedOnlyOnceItsHoldHasEnded() {
        Commission c = commission(12550, 1883, 628, "USD");
        assertThat(Lifecycle.validate(c, T0.plus(Duration.ofDays(14)).minusMillis(1)))
                .isEmpty();
        Lifecycle.Step step =
                Lifecycle.validate(c, T0.plus(Duration.ofDays(14))).orElseThrow();
        assertThat(step.next().status()).isEqualTo(CommissionStatus.AVAILABLE);
        assertThat(step.entry().postings())
                .extracting(p -> p.account() + " " + p.amount().minor())
                .containsExactly("INFLUENCER_PENDING 1883", "INFLUENCER_AVAILABLE -1883");
        assertThat(Lifecycle.validate(step.next(), T0.plus(Duration.ofDays(30))))
                .as("validated once")
                .isEmpty();
    }

    @Test
    void partialRefundsRoundHalfUpCumulativelyAndNeverExceedTheAccrual() {
        // JPY has no minor unit: 15 % of 1001 = 150.15 -> 150, 5 % = 50.05 -> 50
        Commission c = commission(1001, 150, 50, "JPY");
        long reversed = 0;
        for (long refunded : new long[] {1, 333, 333, 500, 1000, 1001, 5000}) {
            var step = Lifecycle.reverse(c, OrderStatus.PARTLY_REFUNDED, refunded, T0);
            if (step.isPresent()) {
                c = step.get().next();
                reversed += ((CommissionReversed) step.get().event()).getInfluencerMinor();
            }
            assertThat(c.reversedInfluencerMinor()).isEqualTo(reversed).isLessThanOrEqualTo(150);
        }
        assertThat(reversed).isEqualTo(150);
        assertThat(c.reversedPlatformMinor()).isEqualTo(50);
        assertThat(c.status()).isEqualTo(CommissionStatus.REVERSED);
        // the rounding of each target (half-up of the cumulative share) is Money.shareOf's, tested in MoneyTest
    }

    @Test
    void aSmallerRefundReportedLaterNeverGivesBackWhatWasReversed() {
        Commission c = commission(10000, 1500, 500, "EUR");
        c = Lifecycle.reverse(c, OrderStatus.PARTLY_REFUNDED, 5000, T0)
                .orElseThrow()
                .next();
        assertThat(Lifecycle.reverse(c, OrderStatus.PARTLY_REFUNDED, 2000, T0)).isEmpty();
        assertThat(c.reversedInfluencerMinor()).isEqualTo(750);
    }

    @Test
    void aCancellationReversesTheWholeAccrualOutOfPendingAndOnlyOnce() {
        Commission c = commission(12550, 1883, 628, "USD");
        Lifecycle.Step step = Lifecycle.reverse(c, OrderStatus.CANCELLED, 0, T0).orElseThrow();
        assertThat(((CommissionReversed) step.event()).getReason()).isEqualTo(ReversalReason.CANCELLED);
        assertThat(step.entry().postings())
                .extracting(p -> p.account() + " " + p.amount().minor())
                .containsExactly("INFLUENCER_PENDING 1883", "PLATFORM_REVENUE 628", "MERCHANT_PAYABLE -2511");
        assertThat(step.next().status()).isEqualTo(CommissionStatus.REVERSED);
        assertThat(Lifecycle.reverse(step.next(), OrderStatus.CANCELLED, 0, T0)).isEmpty();
        assertThat(Lifecycle.reverse(step.next(), OrderStatus.REFUNDED, 12550, T0))
                .isEmpty();
    }

    @Test
    void aRefundAfterPayoutIsAClawbackOutOfAvailable() {
        Commission c = Lifecycle.validate(commission(10000, 1500, 500, "MAD"), T0.plus(Duration.ofDays(15)))
                .orElseThrow()
                .next();
        Lifecycle.Payout payout = Lifecycle.payout(List.of(c), "inf", "pay-1", 1500, "MAD", 1500, T0);
        assertThat(payout.entry().postings())
                .extracting(p -> p.account() + " " + p.amount().minor())
                .containsExactly("INFLUENCER_AVAILABLE 1500", "PAID_OUT -1500");
        c = payout.steps().getFirst().next();
        Lifecycle.Step clawback =
                Lifecycle.reverse(c, OrderStatus.REFUNDED, 10000, T0).orElseThrow();
        assertThat(((CommissionReversed) clawback.event()).getReason()).isEqualTo(ReversalReason.CLAWBACK);
        assertThat(clawback.entry().postings())
                .extracting(p -> p.account() + " " + p.amount().minor())
                .contains("INFLUENCER_AVAILABLE 1500");
    }

    @Test
    void aPayoutNeverPaysMoreThanTheValidatedUnpaidSharesItNames() {
        Commission pending = commission(10000, 1500, 500, "MAD");
        Commission available = Lifecycle.validate(commission(10000, 1500, 500, "MAD"), T0.plus(Duration.ofDays(15)))
                .orElseThrow()
                .next();
        assertThatThrownBy(() -> Lifecycle.payout(List.of(available, pending), "inf", "p", 1501, "MAD", 1500, T0))
                .hasMessageContaining("exceeds the 1500");
        assertThatThrownBy(() -> Lifecycle.payout(List.of(available), "inf", "p", 0, "MAD", 1500, T0))
                .hasMessageContaining("non-positive");
        assertThatThrownBy(() -> Lifecycle.payout(List.of(available), "other", "p", 10, "MAD", 1500, T0))
                .hasMessageContaining("is not other's");
        assertThatThrownBy(() -> Lifecycle.payout(List.of(available), "inf", "p", 10, "EUR", 1500, T0))
                .hasMessageContaining("in EUR");
        // less than earned: the rest stays payable, and a second payout settles it
        Lifecycle.Payout partial = Lifecycle.payout(List.of(available), "inf", "p", 900, "MAD", 1500, T0);
        Commission partlyPaid = partial.steps().getFirst().next();
        assertThat(partlyPaid.paidInfluencerMinor()).isEqualTo(900);
        assertThat(partlyPaid.status()).isEqualTo(CommissionStatus.AVAILABLE);
        assertThat(Lifecycle.payable(partlyPaid)).isEqualTo(600);
        assertThatThrownBy(() -> Lifecycle.payout(List.of(partlyPaid), "inf", "p2", 601, "MAD", 600, T0))
                .hasMessageContaining("exceeds the 600");
        Commission settled = Lifecycle.payout(List.of(partlyPaid), "inf", "p2", 600, "MAD", 600, T0)
                .steps()
                .getFirst()
                .next();
        assertThat(settled.paidInfluencerMinor()).isEqualTo(1500);
        assertThat(settled.status()).isEqualTo(CommissionStatus.PAID);
    }

    @Test
    void aPayoutNeverPaysMoreThanTheAvailableBalanceSoAClawbackIsRecoveredFirst() {
        Commission available = Lifecycle.validate(commission(20000, 3000, 1000, "MAD"), T0.plus(Duration.ofDays(15)))
                .orElseThrow()
                .next();
        // an earlier commission's clawback of 1500 leaves 1500 available although this one could pay 3000
        assertThatThrownBy(() -> Lifecycle.payout(List.of(available), "inf", "p", 3000, "MAD", 1500, T0))
                .hasMessageContaining("exceeds inf's available balance of 1500")
                .hasMessageContaining("clawback not yet recovered");
        assertThatThrownBy(() -> Lifecycle.payout(List.of(available), "inf", "p", 1, "MAD", -200, T0))
                .hasMessageContaining("available balance of -200");
        Lifecycle.Payout netted = Lifecycle.payout(List.of(available), "inf", "p", 1500, "MAD", 1500, T0);
        assertThat(netted.entry().postings())
                .extracting(p -> p.account() + " " + p.amount().minor())
                .containsExactly("INFLUENCER_AVAILABLE 1500", "PAID_OUT -1500");
        assertThat(netted.steps().getFirst().next().status()).isEqualTo(CommissionStatus.AVAILABLE);
    }

    @Test
    void aRefundThatLeavesNoMoreThanWasPaidMarksAPartlyPaidCommissionPaid() {
        Commission available = Lifecycle.validate(commission(10000, 1500, 500, "MAD"), T0.plus(Duration.ofDays(15)))
                .orElseThrow()
                .next();
        Commission partlyPaid = Lifecycle.payout(List.of(available), "inf", "p", 900, "MAD", 1500, T0)
                .steps()
                .getFirst()
                .next();
        // half refunded: 750 of the influencer's share is taken back, 750 stands and 900 was paid: 150 clawed back
        Lifecycle.Step step = Lifecycle.reverse(partlyPaid, OrderStatus.PARTLY_REFUNDED, 5000, T0)
                .orElseThrow();
        assertThat(((CommissionReversed) step.event()).getReason()).isEqualTo(ReversalReason.CLAWBACK);
        assertThat(step.next().status()).isEqualTo(CommissionStatus.PAID);
        assertThat(Lifecycle.payable(step.next())).isZero();
    }

    @Test
    void aBalancedEntryIsRequired() {
        assertThatThrownBy(() -> JournalEntry.of(
                        JournalEntry.Kind.PAYOUT,
                        null,
                        null,
                        "p",
                        T0,
                        new io.tracknow.commission.ledger.Posting(
                                Account.PAID_OUT, "x", io.tracknow.money.Money.of(-1, "USD")),
                        new io.tracknow.commission.ledger.Posting(
                                Account.INFLUENCER_AVAILABLE, "x", io.tracknow.money.Money.of(1, "EUR"))))
                .hasMessageContaining("does not sum to zero");
    }
}
