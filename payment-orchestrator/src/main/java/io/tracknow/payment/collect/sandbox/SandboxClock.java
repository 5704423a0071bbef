package io.tracknow.payment.collect.sandbox;

import io.tracknow.payment.collect.config.CollectProperties;
import io.tracknow.payment.collect.payments.Change;
import io.tracknow.payment.collect.payments.CollectPayments;
import io.tracknow.payment.collect.payments.PaymentStatus;
import io.tracknow.payment.collect.payments.Transitions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Takes each sandbox payment's next step when it is due: the 3.00 payment completes, an unpaid one is
 * cancelled when it expires. Steps are stored with the payment, so a restart loses none, and each due row
 * is locked with SKIP LOCKED, so one replica takes each step once.
 */
@Component
class SandboxClock {

    private static final Logger log = LoggerFactory.getLogger(SandboxClock.class);

    private final CollectPayments payments;
    private final Transitions transitions;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final CollectProperties properties;

    SandboxClock(
            CollectPayments payments,
            Transitions transitions,
            TransactionalOperator transactions,
            Clock clock,
            CollectProperties properties) {
        this.payments = payments;
        this.transitions = transitions;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${tracknow.collect.due-poll-interval:1s}")
    void takeDueSteps() {
        try {
            transactions
                    .transactional(payments.lockDue(clock.instant(), 50)
                            .concatMap(due -> transitions.change(
                                    due.externalPaymentId(),
                                    due.status() == PaymentStatus.COMPLETED
                                            ? SandboxCollector.completed("sandbox")
                                            : Change.to(due.status(), "expired", "sandbox")))
                            .then())
                    .block(properties.callbacks().lease());
        } catch (RuntimeException e) {
            log.warn("sandbox steps failed, next round retries: {}", e.toString());
        }
    }
}
