package io.tracknow.attribution.decision;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.schemas.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes orders.v1; each order event is applied once. */
@Component
class OrdersListener {

    private final IdempotentConsumer consumer;
    private final OrderAttribution attribution;

    OrdersListener(IdempotentConsumer consumer, OrderAttribution attribution) {
        this.consumer = consumer;
        this.attribution = attribution;
    }

    @KafkaListener(topics = Topics.ORDERS, groupId = "attribution-service")
    void on(OrderReported order) {
        consumer.apply("attribution.orders", order, attribution::apply);
    }
}
