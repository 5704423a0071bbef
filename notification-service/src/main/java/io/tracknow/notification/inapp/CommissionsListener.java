package io.tracknow.notification.inapp;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.schemas.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class CommissionsListener {

    private final IdempotentConsumer consumer;
    private final CommissionNotifications notifications;

    CommissionsListener(IdempotentConsumer consumer, CommissionNotifications notifications) {
        this.consumer = consumer;
        this.notifications = notifications;
    }

    @KafkaListener(topics = Topics.COMMISSIONS, groupId = "notification-service")
    void on(CommissionEvent event) {
        consumer.apply("notification.commissions", event, notifications::onCommission);
    }
}
