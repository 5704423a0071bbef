package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.commission.ledger.Account;
import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.Posting;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of paid / cancelled / refunded / partly refunded / hold-ended / payout events, across
 * currencies with 0, 2 and 3 decimals: every journal entry sums to zero per currency, nothing is reversed
 * or paid beyond what was accrued, the ledger agrees with the commissions, and the same events give the
 * same balances when replayed from scratch or when every event is delivered twice.
 */
class LedgerPropertiesTest {

    private static final String[] CURRENCIES = {"USD", "JPY", "KWD"};
    private static final String[] INFLUENCERS = {"inf-a", "inf-b"};
    private static final String[][] RATES = {
        {"15", "5"}, {"12.3456", "4.9999"}, {"0", "0"}, {"50", "50"}, {"99.9999", "0.0001"}, {"33.3333", "33.3333"}
    };

    /** One event: kind 0 paid, 1 cancelled, 2 refunded, 3 partly refunded, 4 time passes, 5 payout. */
    record Action(int kind, int sale, long value) {}

    @Provide
    Arbitrary<Action> actions() {
        Arbitrary<Integer> kinds = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.just(2)),
                Tuple.of(2, Arbitraries.just(3)),
                Tuple.of(3, Arbitraries.just(4)),
                Tuple.of(3, Arbitraries.just(5)));
        return Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(0, 11),
                        Arbitraries.longs().between(0, 20_000_000))
                .as(Action::new);
    }

    @Property(tries = 1000, seed = "20261123")
    void everySequenceKeepsTheLedgerBalancedBoundedAndReplayable(
            @ForAll @Size(max = 60) List<@From("actions") Action> actions) {
        MemoryBooks books = run(actions, false);
        // the interesting paths are exercised, not just trivially empty sequences
        Statistics.label("payout").collect(books.entries.stream().anyMatch(e -> e.kind() == JournalEntry.Kind.PAYOUT));
        Statistics.label("clawback").collect(books.entries.stream().anyMatch(e -> "CLAWBACK".equals(e.reason())));
        Statistics.label("partial refund")
                .collect(books.entries.stream().anyMatch(e -> "PARTLY_REFUNDED".equals(e.reason())));
        Statistics.label("partly paid")
                .collect(books.bySale.values().stream()
                        .anyMatch(c -> CommissionStatus.AVAILABLE.equals(c.status()) && c.paidInfluencerMinor() > 0));
        Statistics.label("payout").coverage(c -> c.check(true).percentage(p -> p > 15));
        Statistics.label("partly paid").coverage(c -> c.check(true).percentage(p -> p > 2));
        Statistics.label("clawback").coverage(c -> c.check(true).percentage(p -> p > 2));
        Statistics.label("partial refund").coverage(c -> c.check(true).percentage(p -> p > 10));

        for (JournalEntry entry : books.entries) {
            Map<String, Long> perCurrency = new HashMap<>();
            for (Posting p : entry.postings()) {
                perCurrency.merge(
                        p.amount().currency().getCurrencyCode(), p.amount().minor(), Math::addExact);
            }
            assertThat(perCurrency.values()).as("entry %s", entry).allMatch(sum -> sum == 0);
        }
        Map<String, Long> accruedInfluencer = new HashMap<>();
        Map<String, Long> standing = new HashMap<>();
        Map<String, Long> owed = new HashMap<>();
        Map<String, Long> pending = new HashMap<>();
        assertThat(books.payoutsIntoNegative)
                .as("payouts that spent an unrecovered clawback")
                .isZero();
        for (Commission c : books.bySale.values()) {
            // PAID means its standing share is all paid; a partly paid commission stays AVAILABLE for the rest
            if (CommissionStatus.PAID.equals(c.status())) {
                assertThat(c.paidInfluencerMinor())
                        .as("paid of %s", c)
                        .isPositive()
                        .isGreaterThanOrEqualTo(c.remainingInfluencerMinor());
            }
            if (CommissionStatus.AVAILABLE.equals(c.status()) && c.paidInfluencerMinor() > 0) {
                assertThat(c.paidInfluencerMinor()).as("paid of %s", c).isLessThan(c.remainingInfluencerMinor());
            }
            assertThat(c.reversedInfluencerMinor()).isBetween(0L, c.influencerMinor());
            assertThat(c.reversedPlatformMinor()).isBetween(0L, c.platformMinor());
            assertThat(c.paidInfluencerMinor()).isBetween(0L, c.influencerMinor());
            assertThat(c.influencerMinor() + c.platformMinor() + c.merchantNetMinor())
                    .isEqualTo(c.saleTotalMinor());
            assertThat(c.merchantNetMinor()).isNotNegative();
            String key = c.influencerId() + " " + c.currency();
            accruedInfluencer.merge(key, c.influencerMinor(), Long::sum);
            standing.merge(key, c.remainingInfluencerMinor(), Long::sum);
            owed.merge(
                    c.merchantId() + " " + c.currency(),
                    c.influencerMinor() + c.platformMinor() - c.reversedInfluencerMinor() - c.reversedPlatformMinor(),
                    Long::sum);
            pending.merge(
                    key, CommissionStatus.PENDING.equals(c.status()) ? c.remainingInfluencerMinor() : 0, Long::sum);
        }
        accruedInfluencer.forEach((key, accrued) -> {
            String[] k = key.split(" ");
            long paid = books.shown(Account.PAID_OUT, k[0], k[1]);
            long pend = books.shown(Account.INFLUENCER_PENDING, k[0], k[1]);
            long available = books.shown(Account.INFLUENCER_AVAILABLE, k[0], k[1]);
            assertThat(paid).as("paid out %s", key).isBetween(0L, accrued);
            assertThat(pend).as("pending %s", key).isEqualTo(pending.get(key)).isNotNegative();
            assertThat(pend + available + paid)
                    .as("pending + available + paid of %s", key)
                    .isEqualTo(standing.get(key));
        });
        owed.forEach((key, expected) -> {
            String[] k = key.split(" ");
            assertThat(books.shown(Account.MERCHANT_PAYABLE, k[0], k[1]))
                    .as("owed by %s", key)
                    .isEqualTo(expected);
        });

        assertThat(run(actions, false).balances()).as("replayed from scratch").isEqualTo(books.balances());
        assertThat(run(actions, true).balances())
                .as("every event delivered twice")
                .isEqualTo(books.balances());
    }

    private static MemoryBooks run(List<Action> actions, boolean twice) {
        MemoryBooks books = new MemoryBooks();
        for (int i = 0; i < actions.size(); i++) {
            for (int n = 0; n < (twice ? 2 : 1); n++) {
                // a second delivery of "time passes" is the hold job running again, not more time
                Action a = actions.get(i);
                apply(books, n == 1 && a.kind() == 4 ? new Action(4, a.sale(), 0) : a, i);
            }
        }
        return books;
    }

    private static void apply(MemoryBooks books, Action a, int index) {
        String sale = "order-" + a.sale();
        // two sales per influencer and currency, so a clawback can be made up by the other sale
        String currency = CURRENCIES[(a.sale() / 4) % CURRENCIES.length];
        String influencer = INFLUENCERS[a.sale() % INFLUENCERS.length];
        String[] rates = RATES[(a.sale() + a.sale() / 4) % RATES.length];
        long total =
                Math.max(books.bySale.containsKey(sale) ? books.bySale.get(sale).saleTotalMinor() : a.value(), 0);
        switch (a.kind()) {
            case 0 ->
                books.paid(
                        sale,
                        "merchant-" + (a.sale() % 2),
                        influencer,
                        Money.of(a.value() % 1_000_003, currency),
                        new BigDecimal(rates[0]),
                        new BigDecimal(rates[1]),
                        (a.sale() % 3) * 3);
            case 1 -> books.status(sale, OrderStatus.CANCELLED, 0);
            case 2 -> books.status(sale, OrderStatus.REFUNDED, total);
            // up to 120 % of the total: more than the sale is clamped
            case 3 -> books.status(sale, OrderStatus.PARTLY_REFUNDED, total * (a.value() % 121) / 100);
            case 4 -> books.advance(Duration.ofDays(a.value() % 8));
            default -> books.payout("payment-" + index, influencer, currency, (int) (a.value() % 131));
        }
    }
}
