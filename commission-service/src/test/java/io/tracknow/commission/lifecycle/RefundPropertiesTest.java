package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.common.Refund;
import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Any sequence of refunds whose distinct sum is at most the order total, each reported one to three
 * times, in any order, alone or with refunds reported before (as order updates list them), with the
 * commission paid out at any point (clawbacks): the commission reversed equals the half-up share of the
 * distinct refunded sum, never exceeds what was accrued, and never goes down. The refunds are counted
 * through {@link SaleRefunds} and reversed through {@link Lifecycle#reverse}, as {@link Reversals} does.
 */
class RefundPropertiesTest {

    private static final String[] CURRENCIES = {"USD", "JPY", "KWD"};
    private static final String[][] RATES = {
        {"15", "5"}, {"12.3456", "4.9999"}, {"50", "50"}, {"99.9999", "0.0001"}, {"33.3333", "33.3333"}, {"0", "7"}
    };
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<List<Long>> rawAmounts() {
        return Arbitraries.longs().between(0, 20_000_000).list().ofMaxSize(8);
    }

    @Property(tries = 2000, seed = "20261201")
    void theReversedCommissionIsTheShareOfTheDistinctRefundedSum(
            @ForAll @LongRange(min = 1, max = 20_000_000) long total,
            @ForAll @IntRange(min = 0, max = 17) int plan,
            @ForAll("rawAmounts") List<Long> raw,
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 99) Integer> shuffle,
            @ForAll long seed) {
        String currency = CURRENCIES[plan % CURRENCIES.length];
        String[] rates = RATES[plan % RATES.length];
        Split split = Split.of(Money.of(total, currency), new BigDecimal(rates[0]), new BigDecimal(rates[1]));
        Commission c = Commission.accrued(UUID.randomUUID(), "m", "SHOPIFY", "order", "inf", split, T0, T0, 1);

        // distinct refunds whose sum stays within the total; equal amounts are frequent (small moduli)
        List<Refund> distinct = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < raw.size(); i++) {
            long amount = i % 2 == 0 ? raw.get(i) % (total + 1) : raw.get(0) % (total + 1);
            if (sum + amount > total) {
                break;
            }
            sum += amount;
            distinct.add(Refund.newBuilder()
                    .setRefundId("refund-" + i)
                    .setAmountMinor(amount)
                    .setOccurredAt(null)
                    .build());
        }

        // every refund delivered one to three times, in a random order, sometimes with refunds reported before it
        Random random = new Random(seed);
        List<List<Refund>> deliveries = new ArrayList<>();
        for (Refund refund : distinct) {
            for (int n = 0, times = 1 + random.nextInt(3); n < times; n++) {
                deliveries.add(List.of(refund));
            }
        }
        Collections.shuffle(deliveries, random);
        List<Refund> reportedSoFar = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            reportedSoFar.addAll(deliveries.get(i));
            if (random.nextInt(3) == 0) {
                deliveries.set(i, List.copyOf(reportedSoFar)); // an order update listing every refund so far
            }
        }
        int payoutAt = shuffle.isEmpty() ? -1 : shuffle.getFirst() % (deliveries.size() + 1);

        SaleRefunds known = SaleRefunds.none();
        long reversedByEvents = 0;
        for (int i = 0; i < deliveries.size(); i++) {
            if (i == payoutAt) {
                c = paidOut(c);
            }
            List<Refund> fresh = known.unseen(deliveries.get(i));
            known = known.plus(fresh);
            long before = c.reversedInfluencerMinor();
            var step = Lifecycle.reverse(c, OrderStatus.PARTLY_REFUNDED, known.totalMinor(), T0);
            if (step.isPresent()) {
                c = step.get().next();
                reversedByEvents += ((CommissionReversed) step.get().event()).getInfluencerMinor();
            }
            assertThat(c.reversedInfluencerMinor())
                    .isGreaterThanOrEqualTo(before)
                    .isLessThanOrEqualTo(c.influencerMinor());
            assertThat(c.reversedPlatformMinor()).isLessThanOrEqualTo(c.platformMinor());
        }

        Statistics.label("duplicates").collect(deliveries.size() > distinct.size());
        Statistics.label("equal amounts")
                .collect(
                        distinct.stream().map(Refund::getAmountMinor).distinct().count() < distinct.size());
        Statistics.label("duplicates").coverage(k -> k.check(true).percentage(p -> p > 30));
        Statistics.label("equal amounts").coverage(k -> k.check(true).percentage(p -> p > 10));

        assertThat(known.totalMinor()).isEqualTo(sum);
        assertThat(c.reversedInfluencerMinor())
                .as("influencer share of %d of %d", sum, total)
                .isEqualTo(Money.of(c.influencerMinor(), currency)
                        .shareOf(sum, total)
                        .minor())
                .isEqualTo(reversedByEvents);
        assertThat(c.reversedPlatformMinor())
                .as("platform share of %d of %d", sum, total)
                .isEqualTo(Money.of(c.platformMinor(), currency)
                        .shareOf(sum, total)
                        .minor());
        if (sum == total) {
            assertThat(c.status()).isEqualTo(CommissionStatus.REVERSED);
        }
    }

    /** Validated and its whole standing share paid out: later reversals are clawbacks. */
    private static Commission paidOut(Commission c) {
        if (c.remainingInfluencerMinor() == 0) {
            return c;
        }
        Commission validated =
                Lifecycle.validate(c, T0).map(Lifecycle.Step::next).orElse(c);
        return validated.withPaid(validated.remainingInfluencerMinor());
    }
}
