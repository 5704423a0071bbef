package io.tracknow.commission.reversals;

import io.tracknow.commission.accrual.CommissionStore;
import io.tracknow.commission.lifecycle.Books;
import io.tracknow.commission.lifecycle.Lifecycle;
import io.tracknow.events.sales.SaleEvent;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Takes a commission back when its sale is cancelled or refunded (see {@link Lifecycle#reverse}):
 * cancelled or refunded reverses the whole accrual, partly refunded reverses in proportion to the
 * sale's cumulative refunded amount; before validation out of pending, after it out of available, and
 * after a payout as a clawback (available may go negative and later commissions make it up). A sale
 * without a commission (never paid, or flagged as fraud) has nothing to reverse.
 */
@Component
public class Reversals {

    private final CommissionStore commissions;
    private final Books books;
    private final Clock clock;

    public Reversals(CommissionStore commissions, Books books, Clock clock) {
        this.commissions = commissions;
        this.books = books;
        this.clock = clock;
    }

    public Mono<Void> onStatusChanged(SaleEvent sale) {
        Instant now = clock.instant();
        return commissions.lockForSale(sale.getMerchantId(), sale.getSource().name(), sale.getExternalOrderId())
                .flatMap(c -> Mono.justOrEmpty(Lifecycle.reverse(c, sale.getStatus(), sale.getRefundedMinor(), now)))
                .flatMap(step -> books.apply(step, now));
    }
}
