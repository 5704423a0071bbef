package io.tracknow.commission.lifecycle;

import io.tracknow.events.common.Refund;
import io.tracknow.messaging.kafka.InvalidEventException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct refunds of one sale, by refund id: a refund counts once however often it is reported,
 * with the amount first recorded for it, and two refunds of equal amounts with different ids are two
 * refunds. What a sale has refunded is the sum of these, never an amount read off one event.
 */
public record SaleRefunds(Map<String, Long> amounts) {

    /** The longest refund id accepted (the gateway bounds ids the same way). */
    public static final int MAX_ID_LENGTH = 255;

    public SaleRefunds {
        amounts = Collections.unmodifiableMap(new LinkedHashMap<>(amounts));
    }

    public static SaleRefunds none() {
        return new SaleRefunds(Map.of());
    }

    /**
     * The refunds of {@code reported} not known yet, each id once (the first report of an id wins).
     *
     * @throws InvalidEventException when a refund has no id, an id over {@value #MAX_ID_LENGTH} characters
     *                               or a negative amount: the event is malformed, not a business outcome
     */
    public List<Refund> unseen(List<Refund> reported) {
        Map<String, Refund> fresh = new LinkedHashMap<>();
        for (Refund refund : reported) {
            String id = refund.getRefundId();
            if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
                throw new InvalidEventException("refund id must be 1 to " + MAX_ID_LENGTH + " characters: " + refund);
            }
            if (refund.getAmountMinor() < 0) {
                throw new InvalidEventException("refund " + id + " has a negative amount " + refund.getAmountMinor());
            }
            if (!amounts.containsKey(id)) {
                fresh.putIfAbsent(id, refund);
            }
        }
        return new ArrayList<>(fresh.values());
    }

    /** These refunds and the given new ones. */
    public SaleRefunds plus(List<Refund> fresh) {
        Map<String, Long> all = new LinkedHashMap<>(amounts);
        for (Refund refund : fresh) {
            all.putIfAbsent(refund.getRefundId(), refund.getAmountMinor());
        }
        return new SaleRefunds(all);
    }

    /** The sale's refunded total: the sum of its distinct refunds. */
    public long totalMinor() {
        return amounts.values().stream().reduce(0L, Math::addExact);
    }
}
