package io.tracknow.payment.collect.payments;

import io.tracknow.payment.collect.config.Iso;
import io.tracknow.payment.collect.keys.ApiClient;
import io.tracknow.web.ApiProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 004's payments API for client platforms, field for field: initiate, status, cancel. Every route takes
 * the client's API key (checked before this controller by the key filter); another client's payment is the
 * 404 of a payment that does not exist.
 */
@RestController
class CollectionController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Initiations initiations;
    private final CollectPayments payments;
    private final Transitions transitions;
    private final IdempotencyKeys idempotency;

    CollectionController(
            Initiations initiations, CollectPayments payments, Transitions transitions, IdempotencyKeys idempotency) {
        this.initiations = initiations;
        this.payments = payments;
        this.transitions = transitions;
        this.idempotency = idempotency;
    }

    @PostMapping("/api/v1/payments/initiate")
    Mono<ResponseEntity<String>> initiate(
            ApiClient client,
            @RequestBody(required = false) String body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key) {
        String raw = body == null ? "" : body;
        return idempotency
                .once(
                        client,
                        key,
                        "POST /api/v1/payments/initiate\n" + raw,
                        () -> initiations.initiate(client, InitiateRequests.parse(raw)))
                .map(CollectionController::entity);
    }

    @GetMapping("/api/v1/payments/{externalPaymentId}/status")
    Mono<ResponseEntity<String>> status(ApiClient client, @PathVariable String externalPaymentId) {
        return payments.ofClient(client, externalPaymentId)
                .switchIfEmpty(Mono.error(() -> unknown(externalPaymentId)))
                .map(p -> entity(new Reply(200, JSON.writeValueAsString(status(p)), false)));
    }

    @PostMapping("/api/v1/payments/{externalPaymentId}/cancel")
    Mono<ResponseEntity<String>> cancel(
            ApiClient client,
            @PathVariable String externalPaymentId,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key) {
        return idempotency
                .once(
                        client,
                        key,
                        "POST /api/v1/payments/" + externalPaymentId + "/cancel",
                        () -> payments.ofClient(client, externalPaymentId)
                                .switchIfEmpty(Mono.error(() -> unknown(externalPaymentId)))
                                .flatMap(p -> transitions.change(
                                        p.externalPaymentId(),
                                        Change.to(PaymentStatus.CANCELLED, "cancelled by the client", client.actor())))
                                .map(CollectionController::cancelled))
                .map(CollectionController::entity);
    }

    private static Reply cancelled(CollectPayment p) {
        if (p.status() != PaymentStatus.CANCELLED) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "payment-not-cancellable",
                    "Payment cannot be cancelled",
                    "payment " + p.externalPaymentId() + " is already "
                            + p.status().wire());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("external_payment_id", p.externalPaymentId());
        answer.put("status", p.status().wire());
        answer.put("cancelled_at", Iso.utc(p.cancelledAt()));
        return new Reply(200, JSON.writeValueAsString(answer), false);
    }

    /** Seed 004's status answer; what the provider said, and why a payment ended, is in metadata. */
    static Map<String, Object> status(CollectPayment p) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("external_payment_id", p.externalPaymentId());
        answer.put("status", p.status().wire());
        if (p.completedAt() != null) {
            answer.put("completed_at", Iso.utc(p.completedAt()));
        }
        if (p.transactionId() != null) {
            answer.put("transaction_id", p.transactionId());
        }
        if (p.providerReference() != null) {
            answer.put("provider_reference", p.providerReference());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("provider", p.provider());
        if (p.providerMetadata() != null) {
            JsonNode provider = JSON.readTree(p.providerMetadata());
            provider.properties()
                    .forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
        }
        if (p.cancelledAt() != null) {
            metadata.put("cancelled_at", Iso.utc(p.cancelledAt()));
        }
        if (p.failedAt() != null) {
            metadata.put("failed_at", Iso.utc(p.failedAt()));
        }
        if (p.reason() != null) {
            metadata.put("reason", p.reason());
        }
        answer.put("metadata", metadata);
        return answer;
    }

    private static ResponseEntity<String> entity(Reply reply) {
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(reply.status()).contentType(MediaType.APPLICATION_JSON);
        if (reply.replayed()) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.body(reply.json());
    }

    private static ApiProblem unknown(String externalPaymentId) {
        return ApiProblem.notFound("payment-not-found", "no payment " + externalPaymentId + " for this API key");
    }
}
