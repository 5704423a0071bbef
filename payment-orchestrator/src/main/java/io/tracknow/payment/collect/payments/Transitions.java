package io.tracknow.payment.collect.payments;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracknow.payment.collect.callbacks.Callbacks;
import io.tracknow.payment.collect.config.Iso;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place a payment's status changes. pending may become processing or a final status, processing a
 * final status; a final status never changes. Each change, in one transaction with the row locked: the new
 * status, a line in the audit log, the callback to the client (seed 004: on every status change), and the
 * metrics once committed.
 */
@Service
public class Transitions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CollectPayments payments;
    private final Callbacks callbacks;
    private final PaymentEvents events;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final MeterRegistry meters;

    public Transitions(
            CollectPayments payments,
            Callbacks callbacks,
            PaymentEvents events,
            TransactionalOperator transactions,
            Clock clock,
            MeterRegistry meters) {
        this.payments = payments;
        this.callbacks = callbacks;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Makes the change if the payment's current status allows it (joins the caller's transaction, or runs its own).
     *
     * @return the payment after the change, or as it was when the change was not allowed (see its status)
     */
    public Mono<CollectPayment> change(String externalPaymentId, Change change) {
        return transactions.transactional(payments.lock(externalPaymentId).flatMap(before -> {
            if (!allowed(before.status(), change.to())) {
                return Mono.just(before);
            }
            Instant now = clock.instant();
            String providerMetadata =
                    change.providerMetadata().isEmpty() ? null : JSON.writeValueAsString(change.providerMetadata());
            return payments.apply(externalPaymentId, change, providerMetadata, now)
                    .then(payments.audit(
                            externalPaymentId,
                            now,
                            change.actor(),
                            before.status(),
                            change.to(),
                            change.reason() == null ? "" : change.reason()))
                    .then(payments.lock(externalPaymentId))
                    .flatMap(after -> callbacks
                            .enqueue(
                                    after.externalPaymentId(),
                                    after.keyId(),
                                    after.callbackUrl(),
                                    after.live(),
                                    callbackBody(after))
                            .then(events.changed(after))
                            .thenReturn(after))
                    .doOnSuccess(after -> measure(before, after));
        }));
    }

    /** Records the creation of a payment in the audit log (there is no callback for it: nothing changed yet). */
    Mono<Void> created(CollectPayment payment, String actor) {
        return payments.audit(
                        payment.externalPaymentId(), payment.createdAt(), actor, null, payment.status(), "initiated")
                .then(events.changed(payment));
    }

    static boolean allowed(PaymentStatus from, PaymentStatus to) {
        return !from.isFinal() && from != to && !(from == PaymentStatus.PROCESSING && to == PaymentStatus.PENDING);
    }

    /** Seed 004's callback body: {@code external_payment_id}, {@code status}, {@code metadata}. */
    static String callbackBody(CollectPayment p) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("payment_id", p.clientPaymentId());
        putIfPresent(metadata, "transaction_id", p.transactionId());
        putIfPresent(metadata, "provider_reference", p.providerReference());
        metadata.put("provider", p.provider());
        if (p.providerMetadata() != null) {
            JSON.readTree(p.providerMetadata())
                    .properties()
                    .forEach(e -> metadata.putIfAbsent(e.getKey(), e.getValue().asString()));
        }
        putIfPresent(metadata, "completed_at", Iso.utc(p.completedAt()));
        putIfPresent(metadata, "cancelled_at", Iso.utc(p.cancelledAt()));
        putIfPresent(metadata, "failed_at", Iso.utc(p.failedAt()));
        putIfPresent(metadata, "reason", p.reason());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("external_payment_id", p.externalPaymentId());
        body.put("status", p.status().wire());
        body.put("metadata", metadata);
        return JSON.writeValueAsString(body);
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * Seed 004 "Monitoring": payments by final status (success rate = completed / all final) and how long a
     * payment took from pending to completed.
     */
    private void measure(CollectPayment before, CollectPayment after) {
        if (after.status().isFinal()) {
            meters.counter(
                            "tracknow.collect.payments.finished",
                            "status",
                            after.status().wire(),
                            "mode",
                            after.mode().wire(),
                            "method",
                            after.paymentMethod())
                    .increment();
        }
        if (after.status() == PaymentStatus.COMPLETED && after.completedAt() != null) {
            Timer.builder("tracknow.collect.payments.time.to.complete")
                    .description("pending to completed")
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .tag("mode", after.mode().wire())
                    .register(meters)
                    .record(Duration.between(before.createdAt(), after.completedAt()));
        }
    }
}
