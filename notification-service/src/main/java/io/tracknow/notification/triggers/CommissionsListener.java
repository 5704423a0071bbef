package io.tracknow.notification.triggers;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.notification.dispatch.Notifier;
import io.tracknow.schemas.Topics;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * commissions.v1: each commission step the influencer must hear about becomes their notifications
 * ({@link Triggers}), once per event; an accrual also completes its sale's message ({@link SaleCommissionJoin}).
 */
@Component
class CommissionsListener extends TopicListener<CommissionEvent> {

    private final Notifier notifier;
    private final SaleCommissionJoin join;

    CommissionsListener(Notifier notifier, SaleCommissionJoin join) {
        super(Topics.COMMISSIONS, "notification.commissions");
        this.notifier = notifier;
        this.join = join;
    }

    @Override
    protected Mono<?> prepare(List<CommissionEvent> events) {
        return join.prepareAccrued(events);
    }

    @Override
    protected Mono<?> handle(CommissionEvent event) {
        Mono<Void> notified = Triggers.of(event).map(notifier::notify).orElse(Mono.empty());
        // an accrual also completes its sale's message (order amount and commission)
        return event.getEvent() instanceof CommissionAccrued ? notified.then(join.onAccrued(event)) : notified;
    }
}
