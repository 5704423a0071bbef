package io.tracknow.payment.debits;

import io.tracknow.events.payments.PaymentKind;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A merchant's debits and invoices (the merchant's own or the operator's token), and the operator's
 * "paid" mark on a manual invoice, which completes its debit (payments.v1 SUCCEEDED: commission-service
 * lowers what the merchant owes).
 */
@RestController
class DebitsController {

    private final Journal journal;
    private final Invoices invoices;
    private final TransactionalOperator transaction;
    private final DebitRun run;
    private final Clock clock;

    DebitsController(Journal journal, Invoices invoices, TransactionalOperator transaction, DebitRun run, Clock clock) {
        this.journal = journal;
        this.run = run;
        this.invoices = invoices;
        this.transaction = transaction;
        this.clock = clock;
    }

    @GetMapping("/api/merchants/{merchantId}/debits")
    Mono<List<Transaction>> debits(Caller caller, @PathVariable String merchantId) {
        caller.requireMerchant(merchantId);
        return journal.of(PaymentKind.MERCHANT_DEBIT, merchantId, 200).collectList();
    }

    /**
     * The operator's "debit now": the debit run at once instead of at its schedule (the demo uses it);
     * answers the debits it recorded as they stand after sending. Their keys carry {@code |now-<epoch millis>}
     * so that a period whose scheduled debit exists still collects what was validated since.
     */
    @PostMapping("/api/debits/run")
    Mono<List<Transaction>> runNow(Caller caller) {
        caller.requireOperator();
        Instant now = clock.instant();
        return Mono.fromCallable(() -> run.run(now, "now-" + now.toEpochMilli()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .concatMap(debit -> journal.find(debit.id()))
                .collectList();
    }

    @GetMapping("/api/merchants/{merchantId}/invoices")
    Mono<List<Invoices.Invoice>> invoices(Caller caller, @PathVariable String merchantId) {
        caller.requireMerchant(merchantId);
        return invoices.of(merchantId).collectList();
    }

    /** @param reference the bank transfer's reference, for the records */
    record Paid(String reference) {}

    @PostMapping("/api/invoices/{paymentId}/paid")
    Mono<Transaction> markPaid(
            Caller caller, @PathVariable String paymentId, @RequestBody(required = false) Paid paid) {
        caller.requireOperator();
        UUID id = PaymentIds.parse(paymentId);
        String reference =
                paid == null || paid.reference() == null || paid.reference().isBlank()
                        ? null
                        : paid.reference().trim();
        if (reference != null && reference.length() > 255) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-reference",
                    "Invalid reference",
                    "reference is longer than 255 characters");
        }
        Mono<Transaction> work = journal.find(id)
                .filter(debit -> Gateway.MANUAL.id().equals(debit.gateway()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no-invoice", "no manual invoice " + paymentId)))
                .flatMap(debit -> invoices.markPaid(id, clock.instant(), caller.actor(), reference)
                        .flatMap(updated -> updated == 0
                                ? Mono.error(new ApiProblem(
                                        HttpStatus.CONFLICT,
                                        "invoice-already-paid",
                                        "Already paid",
                                        "invoice " + paymentId + " is already marked paid"))
                                : journal.move(
                                        id,
                                        TransactionStatus.COMPLETED,
                                        Journal.Details.reason(null),
                                        caller.actor())));
        return transaction.transactional(work);
    }
}
