package io.tracknow.commission.lifecycle;

import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.schemas.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** payments.v1: succeeded influencer payouts move money from available to paid out. */
@Component
class PaymentsListener {

    private final IdempotentConsumer consumer;
    private final Payouts payouts;

    PaymentsListener(IdempotentConsumer consumer, Payouts payouts) {
        this.consumer = consumer;
        this.payouts = payouts;
    }

    @KafkaListener(topics = Topics.PAYMENTS, groupId = "commission-service")
    void on(PaymentEvent payment) {
        consumer.apply("commission.payments", payment, payouts::onPayment);
    }
}
