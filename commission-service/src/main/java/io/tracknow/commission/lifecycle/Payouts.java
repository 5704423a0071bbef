package io.tracknow.commission.lifecycle;

import io.tracknow.commission.ledger.Account;
import io.tracknow.commission.ledger.Ledger;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.messaging.kafka.InvalidEventException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A succeeded influencer payout moves its amount from available to paid out, once per payment id,
 * and settles the commissions it names (CommissionPaidOut each, with the part of the amount allocated
 * to it). It may pay less than those commissions' validated shares (the rest stays payable later),
 * never more, and never more than the influencer's available balance in that currency, so a clawback
 * (available below zero) is recovered from later commissions before anything more is paid. Payouts of
 * one influencer and currency are serialized so that two cannot spend the same balance. A payment
 * beyond either bound, or naming unknown or foreign commissions, goes to the DLQ for an operator
 * rather than being recorded wrongly or dropped. A succeeded merchant debit lowers what the merchant
 * owes ({@link MerchantDebits}). Other kinds and statuses change nothing here.
 */
@Component
class Payouts {

    private final CommissionStore commissions;
    private final Ledger ledger;
    private final StepRecorder recorder;
    private final MerchantDebits merchantDebits;
    private final Clock clock;

    Payouts(
            CommissionStore commissions,
            Ledger ledger,
            StepRecorder recorder,
            MerchantDebits merchantDebits,
            Clock clock) {
        this.commissions = commissions;
        this.ledger = ledger;
        this.recorder = recorder;
        this.merchantDebits = merchantDebits;
        this.clock = clock;
    }

    public Mono<Void> onPayment(PaymentEvent payment) {
        if (payment.getStatus() != PaymentStatus.SUCCEEDED) {
            return Mono.empty();
        }
        if (payment.getKind() == PaymentKind.MERCHANT_DEBIT) {
            return merchantDebits.onDebit(payment);
        }
        if (payment.getKind() != PaymentKind.INFLUENCER_PAYOUT) {
            return Mono.empty();
        }
        if (payment.getInfluencerId() == null || payment.getCommissionIds().isEmpty()) {
            throw invalid(payment, "names no influencer or no commissions");
        }
        List<UUID> ids;
        try {
            ids = payment.getCommissionIds().stream()
                    .map(id -> UUID.fromString(id.toString()))
                    .distinct()
                    .toList();
        } catch (IllegalArgumentException e) {
            throw invalid(payment, "has a commission id that is not a UUID");
        }
        Instant now = clock.instant();
        String influencer = payment.getInfluencerId();
        String currency = payment.getCurrency();
        // the payout lock first, then the rows (always in this order, so two payouts never deadlock)
        return ledger.lockPayouts(influencer, currency)
                .then(ledger.hasPayment(payment.getPaymentId()))
                .flatMap(done -> done
                        ? Mono.<Void>empty()
                        : commissions
                                .lockByIds(ids)
                                .collectList()
                                .flatMap(
                                        found -> ledger.shownBalance(Account.INFLUENCER_AVAILABLE, influencer, currency)
                                                .flatMap(available -> settle(payment, ids, found, available, now))));
    }

    private Mono<Void> settle(
            PaymentEvent payment, List<UUID> ids, List<Commission> found, long available, Instant now) {
        if (found.size() != ids.size()) {
            return Mono.error(invalid(payment, "names commissions this service does not know"));
        }
        Lifecycle.Payout payout;
        try {
            payout = Lifecycle.payout(
                    found,
                    payment.getInfluencerId(),
                    payment.getPaymentId(),
                    payment.getAmountMinor(),
                    payment.getCurrency(),
                    available,
                    now);
        } catch (IllegalArgumentException e) {
            return Mono.error(invalid(payment, e.getMessage()));
        }
        return recorder.append(payout.entry())
                .thenMany(Flux.fromIterable(payout.steps()).concatMap(step -> recorder.record(step, now)))
                .then();
    }

    private static InvalidEventException invalid(PaymentEvent payment, String why) {
        return new InvalidEventException("payout " + payment.getPaymentId() + " " + why);
    }
}
