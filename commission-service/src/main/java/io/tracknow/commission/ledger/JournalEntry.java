package io.tracknow.commission.ledger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable journal entry: postings that sum to zero in every currency. Zero postings are left
 * out; an entry that would not balance cannot be built (and the database refuses it too). An entry
 * is never changed: a correction is a new entry.
 *
 * @param commissionId the commission (and so the sale) it came from, or null for a payout
 * @param paymentId    the payment it records, or null
 */
public record JournalEntry(
        UUID id,
        Kind kind,
        String reason,
        UUID commissionId,
        String paymentId,
        Instant occurredAt,
        List<Posting> postings) {

    public enum Kind {
        ACCRUAL,
        VALIDATION,
        REVERSAL,
        PAYOUT,
        COLLECTION
    }

    public JournalEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        postings = postings.stream().filter(p -> p.amount().minor() != 0).toList();
        if (!balances(postings)) {
            throw new IllegalArgumentException("journal entry " + id + " does not sum to zero: " + postings);
        }
    }

    public static JournalEntry of(
            Kind kind, String reason, UUID commissionId, String paymentId, Instant at, Posting... postings) {
        return new JournalEntry(UUID.randomUUID(), kind, reason, commissionId, paymentId, at, List.of(postings));
    }

    /** True when the postings sum to zero in each currency. */
    public static boolean balances(List<Posting> postings) {
        Map<String, Long> sums = new HashMap<>();
        postings.forEach(p ->
                sums.merge(p.amount().currency().getCurrencyCode(), p.amount().minor(), Math::addExact));
        return sums.values().stream().allMatch(sum -> sum == 0);
    }

    public boolean isEmpty() {
        return postings.isEmpty();
    }
}
