package io.tracknow.payment.payables;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.schemas.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class CommissionsListener {

    private final IdempotentConsumer consumer;
    private final Payables payables;

    CommissionsListener(IdempotentConsumer consumer, Payables payables) {
        this.consumer = consumer;
        this.payables = payables;
    }

    @KafkaListener(topics = Topics.COMMISSIONS, groupId = "payment-orchestrator")
    void on(CommissionEvent event) {
        consumer.apply("payment.commissions", event, payables::onCommission);
    }
}
