package io.tracknow.commission.accrual;

import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.schemas.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class SalesListener {

    private final IdempotentConsumer consumer;
    private final Accrual accrual;

    SalesListener(IdempotentConsumer consumer, Accrual accrual) {
        this.consumer = consumer;
        this.accrual = accrual;
    }

    @KafkaListener(topics = Topics.SALES, groupId = "commission-service")
    void on(SaleEvent sale) {
        consumer.apply("commission.sales", sale, accrual::onSale);
    }
}
