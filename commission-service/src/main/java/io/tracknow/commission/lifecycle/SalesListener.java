package io.tracknow.commission.lifecycle;

import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.events.sales.SaleStatusChanged;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.schemas.Topics;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** sales.v1: an attributed paid sale accrues; a later status (cancelled, refunded) may reverse. */
@Component
class SalesListener extends TopicListener<SaleEvent> {

    private final Accrual accrual;
    private final Reversals reversals;

    SalesListener(Accrual accrual, Reversals reversals) {
        super(Topics.SALES, "commission.sales");
        this.accrual = accrual;
        this.reversals = reversals;
    }

    @Override
    protected Mono<?> prepare(List<SaleEvent> sales) {
        return accrual.prepare(sales);
    }

    @Override
    protected Mono<Void> handle(SaleEvent sale) {
        return switch (sale.getEvent()) {
            case SaleAttributed attributed -> accrual.onSale(sale, attributed);
            case SaleStatusChanged ignored -> reversals.onStatusChanged(sale);
            default -> Mono.empty();
        };
    }
}
