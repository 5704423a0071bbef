package io.tracknow.payment.collect.payments;

import io.tracknow.payment.collect.callbacks.CallbackRecord;
import io.tracknow.payment.collect.callbacks.Callbacks;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The operator's view of one client payment: the payment, its audit log and its callbacks with the receiver's answers. */
@RestController
class PaymentsAdminController {

    private final CollectPayments payments;
    private final Callbacks callbacks;

    PaymentsAdminController(CollectPayments payments, Callbacks callbacks) {
        this.payments = payments;
        this.callbacks = callbacks;
    }

    record PaymentView(
            CollectPayment payment, List<CollectPayments.AuditEntry> audit, List<CallbackRecord> callbacks) {}

    @GetMapping("/api/client-payments/{externalPaymentId}")
    Mono<PaymentView> payment(Caller caller, @PathVariable String externalPaymentId) {
        caller.requireOperator();
        return payments.byId(externalPaymentId)
                .switchIfEmpty(
                        Mono.error(() -> ApiProblem.notFound("payment-not-found", "no payment " + externalPaymentId)))
                .flatMap(p -> payments.auditOf(externalPaymentId)
                        .collectList()
                        .flatMap(audit -> callbacks
                                .ofPayment(externalPaymentId)
                                .collectList()
                                .map(sent -> new PaymentView(p, audit, sent))));
    }
}
