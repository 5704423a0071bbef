package io.tracknow.notification.triggers;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.notification.dispatch.Notifier;
import io.tracknow.schemas.Topics;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** commissions.v1: each commission step the influencer must hear about becomes their notifications ({@link Triggers}), once per event. */
@Component
class CommissionsListener extends TopicListener<CommissionEvent> {

    private final Notifier notifier;

    CommissionsListener(Notifier notifier) {
        super(Topics.COMMISSIONS, "notification.commissions");
        this.notifier = notifier;
    }

    @Override
    protected Mono<?> handle(CommissionEvent event) {
        return Triggers.of(event).map(notifier::notify).orElse(Mono.empty());
    }
}
