package io.tracknow.notification.inapp;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.schemas.Topics;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** commissions.v1: each commission event becomes one in-app notification. */
@Component
class CommissionsListener extends TopicListener<CommissionEvent> {

    private final CommissionNotifications notifications;

    CommissionsListener(CommissionNotifications notifications) {
        super(Topics.COMMISSIONS, "notification.commissions");
        this.notifications = notifications;
    }

    @Override
    protected Mono<?> handle(CommissionEvent event) {
        return notifications.onCommission(event);
    }
}
