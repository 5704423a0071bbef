package io.tracknow.payment.confirm;

import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Outcomes;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A verified provider callback (payment-callbacks.v1) moves a payment only after the provider's own
 * status API confirms it: the status is asked first, outside any transaction, then the answer is booked
 * once per callback (inbox) through the journal's guarded transitions, so a duplicate, a late callback
 * or one for a settled payment changes nothing. A callback whose amount or currency is not the
 * payment's sends it to review. A callback for a payment we do not know is logged and dropped.
 */
@Component
class CallbacksListener {

    private static final Logger log = LoggerFactory.getLogger(CallbacksListener.class);

    private final IdempotentConsumer consumer;
    private final Journal journal;
    private final Confirmations confirmations;
    private final Outcomes outcomes;

    CallbacksListener(IdempotentConsumer consumer, Journal journal, Confirmations confirmations, Outcomes outcomes) {
        this.consumer = consumer;
        this.journal = journal;
        this.confirmations = confirmations;
        this.outcomes = outcomes;
    }

    @KafkaListener(topics = Topics.PAYMENT_CALLBACKS, groupId = "payment-orchestrator")
    void on(PaymentCallbackReceived callback) {
        Optional<Gateway> gateway = Gateway.byProvider(callback.getProvider());
        Transaction payment = gateway.flatMap(g -> Optional.ofNullable(
                journal.byExternalId(g.id(), callback.getExternalPaymentId()).block(Duration.ofSeconds(30)))).orElse(null);
        if (payment == null) {
            log.warn("callback {} of {} for unknown payment {}: dropped", callback.getEventId(), callback.getProvider(),
                    callback.getExternalPaymentId());
            consumer.apply("payment.callbacks", callback, c -> Mono.empty());
            return;
        }
        if (!payment.status().open()) {
            log.info("callback {} for payment {}, already {}: nothing to do", callback.getEventId(), payment.id(),
                    payment.status().db());
            consumer.apply("payment.callbacks", callback, c -> Mono.empty());
            return;
        }
        String mismatch = mismatch(callback, payment);
        ProviderAnswer confirmed = mismatch != null ? null : confirmations.ask(payment).block(Duration.ofMinutes(1));
        consumer.apply("payment.callbacks", callback, c -> {
            if (mismatch != null) {
                log.warn("callback {} disagrees with payment {}: {}; sent to review", c.getEventId(), payment.id(), mismatch);
                return journal.move(payment.id(), TransactionStatus.REVIEW, Journal.Details.reason(mismatch), "callback");
            }
            if (confirmed == null) {
                return Mono.empty(); // no provider to ask: the operator settles it
            }
            return outcomes.record(payment, confirmed, "callback");
        });
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
