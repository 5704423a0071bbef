package io.tracknow.notification.triggers;

import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.schemas.Topics;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * sales.v1: each attributed sale the influencer must hear about, once per event; its message waits for the
 * commission it earns ({@link SaleCommissionJoin}).
 */
@Component
class SalesListener extends TopicListener<SaleEvent> {

    private final SaleCommissionJoin join;

    SalesListener(SaleCommissionJoin join) {
        super(Topics.SALES, "notification.sales");
        this.join = join;
    }

    @Override
    protected Mono<?> prepare(List<SaleEvent> events) {
        return join.prepareSales(events);
    }

    @Override
    protected Mono<?> handle(SaleEvent event) {
        return Triggers.attributed(event).map(attributed -> join.onSale(event)).orElse(Mono.empty());
    }
}
