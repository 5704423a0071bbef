package io.tracknow.commission.lifecycle;

import io.tracknow.commission.ledger.Account;
import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.Posting;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** The service's decisions ({@link Lifecycle}, {@link Split}) applied to in-memory books, as the database layer applies them. */
final class MemoryBooks {

    final Map<String, Commission> bySale = new LinkedHashMap<>();
    final List<JournalEntry> entries = new ArrayList<>();
    private final Set<String> payments = new HashSet<>();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    int refusedPayouts;
    /** Payouts that left the available balance below zero: must never happen (a clawback is recovered first). */
    int payoutsIntoNegative;

    void paid(
            String sale,
            String merchant,
            String influencer,
            Money total,
            BigDecimal influencerRate,
            BigDecimal platformRate,
            int holdDays) {
        if (bySale.containsKey(sale)) {
            return; // one accrual per sale (the unique key in the database)
        }
        Split split = Split.of(total, influencerRate, platformRate);
        Commission c = Commission.accrued(
                UUID.randomUUID(),
                merchant,
                "SHOPIFY",
                sale,
                influencer,
                split,
                now,
                now.plus(Duration.ofDays(holdDays)),
                0);
        bySale.put(sale, c);
        record(Lifecycle.accrue(c, now).entry());
    }

    void status(String sale, OrderStatus status, long refundedMinor) {
        Commission c = bySale.get(sale);
        if (c != null) {
            Lifecycle.reverse(c, status, refundedMinor, now).ifPresent(this::apply);
        }
    }

    void advance(Duration by) {
        now = now.plus(by);
        for (Commission c : List.copyOf(bySale.values())) {
            Lifecycle.validate(c, now).ifPresent(this::apply);
        }
    }

    /**
     * Pays {@code percent} % of what the influencer's available commissions in that currency can pay,
     * bounded by the available balance (as a payout run would), so above 100 % it asks for too much.
     */
    void payout(String paymentId, String influencer, String currency, int percent) {
        if (!payments.add(paymentId)) {
            return; // one payout per payment id (the unique index in the database)
        }
        List<Commission> named = bySale.values().stream()
                .filter(c -> c.influencerId().equals(influencer)
                        && c.currency().equals(currency)
                        && CommissionStatus.AVAILABLE.equals(c.status()))
                .toList();
        long payable = named.stream().mapToLong(Lifecycle::payable).sum();
        long available = shown(Account.INFLUENCER_AVAILABLE, influencer, currency);
        long amount = Math.min(payable, Math.max(available, 0)) * percent / 100;
        try {
            Lifecycle.Payout payout = Lifecycle.payout(named, influencer, paymentId, amount, currency, available, now);
            record(payout.entry());
            payout.steps().forEach(this::apply);
            if (shown(Account.INFLUENCER_AVAILABLE, influencer, currency) < 0) {
                payoutsIntoNegative++;
            }
        } catch (IllegalArgumentException refused) {
            refusedPayouts++;
        }
    }

    private void apply(Lifecycle.Step step) {
        bySale.put(step.next().externalOrderId(), step.next());
        if (step.entry() != null) {
            record(step.entry());
        }
    }

    private void record(JournalEntry entry) {
        if (!entry.isEmpty()) {
            entries.add(entry);
        }
    }

    /** Signed sum per "ACCOUNT owner currency", from the entries alone. */
    Map<String, Long> balances() {
        Map<String, Long> sums = new TreeMap<>();
        for (JournalEntry e : entries) {
            for (Posting p : e.postings()) {
                sums.merge(
                        p.account() + " " + p.ownerId() + " " + p.amount().currency(),
                        p.amount().minor(),
                        Math::addExact);
            }
        }
        sums.values().removeIf(v -> v == 0);
        return sums;
    }

    long shown(Account account, String owner, String currency) {
        return account.shown(balances().getOrDefault(account + " " + owner + " " + currency, 0L));
    }
}
