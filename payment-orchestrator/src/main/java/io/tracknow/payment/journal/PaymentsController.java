package io.tracknow.payment.journal;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operator's view of one payment with its history, and the operator's decision on a payment in
 * review (the provider's word disagreed with it): completed (the money is there, as checked in the
 * provider's back office) or failed. Only a payment in review can be decided here.
 */
@RestController
class PaymentsController {

    private final Journal journal;

    PaymentsController(Journal journal) {
        this.journal = journal;
    }

    @GetMapping("/api/payments/{paymentId}")
    Mono<Map<String, Object>> get(Caller caller, @PathVariable String paymentId) {
        caller.requireOperator();
        UUID id = parse(paymentId);
        return journal.find(id)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no-payment", "no payment " + paymentId)))
                .flatMap(payment -> journal.history(id)
                        .collectList()
                        .map(history -> Map.<String, Object>of("payment", payment, "history", history)));
    }

    /** @param status completed or failed; @param reason what the operator found */
    record Decision(String status, String reason) {}

    @PostMapping("/api/payments/{paymentId}/resolve")
    Mono<Transaction> resolve(
            Caller caller, @PathVariable String paymentId, @RequestBody(required = false) Decision decision) {
        caller.requireOperator();
        UUID id = parse(paymentId);
        if (decision == null
                || !List.of("completed", "failed").contains(decision.status())
                || decision.reason() == null
                || decision.reason().isBlank()
                || decision.reason().length() > 1000) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-decision",
                    "Invalid decision",
                    "status must be completed or failed, with a reason (at most 1000 characters)");
        }
        return journal.find(id)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no-payment", "no payment " + paymentId)))
                .flatMap(payment -> payment.status() != TransactionStatus.REVIEW
                        ? Mono.error(new ApiProblem(
                                HttpStatus.CONFLICT,
                                "payment-not-in-review",
                                "Not in review",
                                "payment " + paymentId + " is "
                                        + payment.status().db()))
                        : journal.move(
                                id,
                                TransactionStatus.ofDb(decision.status()),
                                Journal.Details.reason(caller.actor() + ": "
                                        + decision.reason().trim()),
                                caller.actor()));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("no-payment", "no payment " + id);
        }
    }
}
