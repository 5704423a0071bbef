package io.tracknow.notification.triggers;

import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.notification.dispatch.Notifier;
import io.tracknow.schemas.Topics;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** sales.v1: each attributed sale the influencer must hear about becomes their notifications ({@link Triggers}), once per event. */
@Component
class SalesListener extends TopicListener<SaleEvent> {

    private final Notifier notifier;

    SalesListener(Notifier notifier) {
        super(Topics.SALES, "notification.sales");
        this.notifier = notifier;
    }

    @Override
    protected Mono<?> handle(SaleEvent event) {
        return Triggers.of(event).map(notifier::notify).orElse(Mono.empty());
    }
}
