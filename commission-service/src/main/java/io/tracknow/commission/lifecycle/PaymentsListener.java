package io.tracknow.commission.lifecycle;

import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.schemas.Topics;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** payments.v1: succeeded influencer payouts move money from available to paid out. */
@Component
class PaymentsListener extends TopicListener<PaymentEvent> {

    private final Payouts payouts;

    PaymentsListener(Payouts payouts) {
        super(Topics.PAYMENTS, "commission.payments");
        this.payouts = payouts;
    }

    @Override
    protected Mono<Void> handle(PaymentEvent payment) {
        return payouts.onPayment(payment);
    }
}
