package io.tracknow.commission.lifecycle;

import io.tracknow.events.sales.SaleEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Takes a commission back when its sale is cancelled or refunded (see {@link Lifecycle#reverse}).
 * Refunds are identified: the sale's refunds are recorded once per refund id (a redelivery, or the same
 * refund listed again on a later order update, adds nothing; two refunds of equal amounts are two), and
 * the refunded total is the sum of the distinct refunds. Cancelled or refunded reverses the whole
 * accrual; otherwise the refunded share of min(refunded, total), less what was already reversed; before
 * validation out of pending, after it out of available, and after a payout as a clawback (available may
 * go negative and later commissions make it up). A sale without a commission (never paid, or flagged as
 * fraud) has nothing to reverse, but its refunds are still recorded.
 * <p>
 * An event from a producer that predates identified refunds carries no {@code refunds} but may carry
 * {@code refundedMinor}: it is read as the sale's cumulative refunded amount, as before, and reverses at
 * most what the distinct refunds do not already cover.
 * <p>
 * The events of one sale arrive in order on one partition, and the commission row is locked, so the
 * refunds read, the ones added and the reversal are decided together.
 */
@Component
public class Reversals {

    private final CommissionStore commissions;
    private final RefundStore refunds;
    private final StepRecorder recorder;
    private final Clock clock;

    Reversals(CommissionStore commissions, RefundStore refunds, StepRecorder recorder, Clock clock) {
        this.commissions = commissions;
        this.refunds = refunds;
        this.recorder = recorder;
        this.clock = clock;
    }

    public Mono<Void> onStatusChanged(SaleEvent sale) {
        Instant now = clock.instant();
        return commissions
                .lockForSale(sale.getMerchantId(), sale.getSource().name(), sale.getExternalOrderId())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(commission -> refunds.load(sale).flatMap(known -> {
                    var fresh = known.unseen(sale.getRefunds());
                    long refunded = refunded(sale, known.plus(fresh));
                    return refunds.insert(sale, fresh, now)
                            .then(Mono.justOrEmpty(
                                    commission.flatMap(c -> Lifecycle.reverse(c, sale.getStatus(), refunded, now))))
                            .flatMap(step -> recorder.record(step, now));
                }));
    }

    /** The sum of the distinct refunds; for an event without identified refunds, its legacy cumulative amount if larger. */
    static long refunded(SaleEvent sale, SaleRefunds all) {
        long distinct = all.totalMinor();
        return sale.getRefunds().isEmpty() ? Math.max(distinct, sale.getRefundedMinor()) : distinct;
    }
}
