package io.tracknow.payment.confirm;

import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Outcomes;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A verified provider callback (payment-callbacks.v1) moves a payment only after the provider's own
 * status API confirms it, and is booked once per callback (inbox) through the journal's guarded
 * transitions, so a duplicate, a late callback or one for a settled payment changes nothing. A
 * callback whose amount or currency is not the payment's sends it to review without asking. A
 * callback for a payment we do not know is logged and dropped. The status call runs inside the inbox
 * transaction; its retries and timeouts (tracknow.payment.http) stay well within the listener's
 * handler timeout.
 */
@Component
class CallbacksListener extends TopicListener<PaymentCallbackReceived> {

    private static final Logger log = LoggerFactory.getLogger(CallbacksListener.class);

    private final Journal journal;
    private final Confirmations confirmations;
    private final Outcomes outcomes;

    CallbacksListener(Journal journal, Confirmations confirmations, Outcomes outcomes) {
        super(Topics.PAYMENT_CALLBACKS, "payment.callbacks");
        this.journal = journal;
        this.confirmations = confirmations;
        this.outcomes = outcomes;
    }

    @Override
    protected Mono<?> handle(PaymentCallbackReceived callback) {
        return Mono.justOrEmpty(Gateway.byProvider(callback.getProvider()))
                .flatMap(gateway -> journal.byExternalId(gateway.id(), callback.getExternalPaymentId()))
                .switchIfEmpty(Mono.fromRunnable(() -> log.warn(
                        "callback {} of {} for unknown payment {}: dropped",
                        callback.getEventId(),
                        callback.getProvider(),
                        callback.getExternalPaymentId())))
                .flatMap(payment -> settle(callback, payment));
    }

    private Mono<Transaction> settle(PaymentCallbackReceived callback, Transaction payment) {
        if (!payment.status().open()) {
            log.info(
                    "callback {} for payment {}, already {}: nothing to do",
                    callback.getEventId(),
                    payment.id(),
                    payment.status().db());
            return Mono.empty();
        }
        String mismatch = mismatch(callback, payment);
        if (mismatch != null) {
            log.warn(
                    "callback {} disagrees with payment {}: {}; sent to review",
                    callback.getEventId(),
                    payment.id(),
                    mismatch);
            return journal.move(payment.id(), TransactionStatus.REVIEW, Journal.Details.reason(mismatch), "callback");
        }
        // no provider to ask (manual invoice, bank transfer): the operator settles it
        return confirmations.ask(payment).flatMap(confirmed -> outcomes.record(payment, confirmed, "callback"));
    }

    private static String mismatch(PaymentCallbackReceived callback, Transaction payment) {
        if (callback.getCurrency() != null && !callback.getCurrency().equalsIgnoreCase(payment.currency())) {
            return "callback states currency " + callback.getCurrency() + ", payment is in " + payment.currency();
        }
        if (callback.getAmountMinor() != null && callback.getAmountMinor() != payment.amountMinor()) {
            return "callback states " + callback.getAmountMinor() + " minor units, payment is " + payment.amountMinor();
        }
        return null;
    }
}
