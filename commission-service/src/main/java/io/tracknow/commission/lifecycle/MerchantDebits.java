package io.tracknow.commission.lifecycle;

import static io.tracknow.commission.ledger.Account.COLLECTED;
import static io.tracknow.commission.ledger.Account.MERCHANT_PAYABLE;

import io.tracknow.commission.ledger.JournalEntry;
import io.tracknow.commission.ledger.Ledger;
import io.tracknow.commission.ledger.Posting;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.messaging.kafka.InvalidEventException;
import io.tracknow.money.Money;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A succeeded merchant debit is money the merchant paid in: it lowers what the merchant owes
 * (merchant payable credited, collected debited), once per payment id. Collecting more than is owed
 * leaves the merchant in credit (a negative owed balance), never dropped.
 */
@Component
class MerchantDebits {

    private final Ledger ledger;
    private final StepRecorder recorder;
    private final Clock clock;

    MerchantDebits(Ledger ledger, StepRecorder recorder, Clock clock) {
        this.ledger = ledger;
        this.recorder = recorder;
        this.clock = clock;
    }

    Mono<Void> onDebit(PaymentEvent payment) {
        if (payment.getMerchantId() == null || payment.getAmountMinor() <= 0) {
            throw new InvalidEventException(
                    "merchant debit " + payment.getPaymentId() + " names no merchant or has a non-positive amount");
        }
        Money amount;
        try {
            amount = Money.of(payment.getAmountMinor(), payment.getCurrency());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("merchant debit " + payment.getPaymentId() + ": " + e.getMessage());
        }
        JournalEntry entry = entry(payment.getMerchantId(), payment.getPaymentId(), amount, clock.instant());
        return ledger.hasPayment(payment.getPaymentId()).flatMap(done -> done ? Mono.empty() : recorder.append(entry));
    }

    static JournalEntry entry(String merchantId, String paymentId, Money amount, Instant at) {
        return JournalEntry.of(
                JournalEntry.Kind.COLLECTION,
                null,
                null,
                paymentId,
                at,
                new Posting(COLLECTED, merchantId, amount),
                new Posting(MERCHANT_PAYABLE, merchantId, new Money(-amount.minor(), amount.currency())));
    }
}
