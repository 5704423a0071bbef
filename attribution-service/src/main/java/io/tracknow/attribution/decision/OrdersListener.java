package io.tracknow.attribution.decision;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.schemas.Topics;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Consumes orders.v1; each order event is applied once. */
@Component
class OrdersListener extends TopicListener<OrderReported> {

    private final OrderAttribution attribution;

    OrdersListener(OrderAttribution attribution) {
        super(Topics.ORDERS, "attribution.orders");
        this.attribution = attribution;
    }

    @Override
    protected Mono<?> prepare(List<OrderReported> orders) {
        return attribution.prepare(orders);
    }

    @Override
    protected Mono<?> handle(OrderReported order) {
        return attribution.apply(order);
    }
}
