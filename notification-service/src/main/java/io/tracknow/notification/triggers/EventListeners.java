package io.tracknow.notification.triggers;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.notification.dispatch.Notifier;
import io.tracknow.schemas.Topics;
import java.util.Optional;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Consumes sales, commissions and payouts, each once per consumer (the inbox), and writes the
 * notifications they cause in the same transaction (see {@link Triggers} for which events notify).
 */
@Component
class EventListeners {

    private final IdempotentConsumer consumer;
    private final Notifier notifier;

    EventListeners(IdempotentConsumer consumer, Notifier notifier) {
        this.consumer = consumer;
        this.notifier = notifier;
    }

    @KafkaListener(topics = Topics.SALES, groupId = "notification-service")
    void onSale(SaleEvent event) {
        consumer.apply("notification.sales", event, e -> notify(Triggers.of(e)));
    }

    @KafkaListener(topics = Topics.COMMISSIONS, groupId = "notification-service")
    void onCommission(CommissionEvent event) {
        consumer.apply("notification.commissions", event, e -> notify(Triggers.of(e)));
    }

    @KafkaListener(topics = Topics.PAYMENTS, groupId = "notification-service")
    void onPayment(PaymentEvent event) {
        consumer.apply("notification.payments", event, e -> notify(Triggers.of(e)));
    }

    private Mono<Void> notify(Optional<io.tracknow.notification.dispatch.Cause> cause) {
        return cause.map(notifier::notify).orElse(Mono.empty());
    }
}
