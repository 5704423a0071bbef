package io.tracknow.payment.collect.live;

import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.CollectPayments;
import io.tracknow.payment.collect.payments.Transitions;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A verified provider callback (payment-callbacks.v1) for a live payments-API payment moves it only after the
 * provider's own status API confirms it (as {@code io.tracknow.payment.confirm} does for money out), once per
 * callback (inbox), through {@link Transitions}' guarded changes: a duplicate, a late callback or one for an
 * ended payment changes nothing. A callback whose amount or currency is not the payment's is logged and not
 * believed. Callbacks for other payments (money out's) are not this listener's and are skipped.
 *
 * <p>In a consumer group of its own, {@code payment-orchestrator.collect}: money out's {@code CallbacksListener}
 * follows the same topic in the service's group, and in one group the two would split its partitions (each
 * callback reaching only one of them).
 */
@Component
class ProviderCallbacks extends TopicListener<PaymentCallbackReceived> {

    private static final Logger log = LoggerFactory.getLogger(ProviderCallbacks.class);

    private final CollectPayments payments;
    private final LiveCollector live;
    private final Transitions transitions;

    ProviderCallbacks(CollectPayments payments, LiveCollector live, Transitions transitions) {
        super(Topics.PAYMENT_CALLBACKS, "collect.provider-callbacks", ".collect");
        this.payments = payments;
        this.live = live;
        this.transitions = transitions;
    }

    @Override
    protected Mono<?> handle(PaymentCallbackReceived callback) {
        return Mono.justOrEmpty(Gateway.byProvider(callback.getProvider()))
                .flatMap(gateway -> payments.liveOfProvider(gateway.id(), callback.getExternalPaymentId()))
                .flatMap(payment -> settle(callback, payment));
    }

    private Mono<CollectPayment> settle(PaymentCallbackReceived callback, CollectPayment payment) {
        if (payment.status().isFinal()) {
            log.info(
                    "callback {} for payment {}, already {}: nothing to do",
                    callback.getEventId(),
                    payment.externalPaymentId(),
                    payment.status().wire());
            return Mono.empty();
        }
        String mismatch = ProviderOutcomes.mismatch(payment, callback.getAmountMinor(), callback.getCurrency());
        if (mismatch != null) {
            log.warn(
                    "callback {} for payment {} is not believed: {}",
                    callback.getEventId(),
                    payment.externalPaymentId(),
                    mismatch);
            return Mono.empty();
        }
        String reference =
                payment.providerReference() != null ? payment.providerReference() : callback.getExternalPaymentId();
        return live.confirm(payment, reference, transitions);
    }
}
