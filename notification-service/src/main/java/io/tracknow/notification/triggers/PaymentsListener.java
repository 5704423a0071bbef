package io.tracknow.notification.triggers;

import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.notification.dispatch.Notifier;
import io.tracknow.schemas.Topics;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** payments.v1: each influencer payout the influencer must hear about becomes their notifications ({@link Triggers}), once per event. */
@Component
class PaymentsListener extends TopicListener<PaymentEvent> {

    private final Notifier notifier;

    PaymentsListener(Notifier notifier) {
        super(Topics.PAYMENTS, "notification.payments");
        this.notifier = notifier;
    }

    @Override
    protected Mono<?> handle(PaymentEvent event) {
        return Triggers.of(event).map(notifier::notify).orElse(Mono.empty());
    }
}
