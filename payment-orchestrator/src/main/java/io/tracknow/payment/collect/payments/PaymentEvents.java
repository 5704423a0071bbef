package io.tracknow.payment.collect.payments;

import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A client payment's state, as a {@code payments.v1} event of kind {@code CLIENT_COLLECTION}, added to the
 * outbox in the transaction of the change, so analytics sees every change once the change is committed.
 * Key: the payment id (the {@code external_payment_id}; payments.v1 keys by paymentId), so one payment's events stay in order.
 */
@Component
public class PaymentEvents {

    private final Outbox outbox;
    private final Clock clock;

    public PaymentEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    Mono<Void> changed(CollectPayment payment) {
        return outbox.add(Topics.PAYMENTS, event(payment, clock));
    }

    static PaymentEvent event(CollectPayment p, Clock clock) {
        return PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(p.updatedAt() == null ? clock.instant() : p.updatedAt())
                .setPaymentId(p.externalPaymentId())
                .setKind(PaymentKind.CLIENT_COLLECTION)
                .setStatus(status(p.status()))
                .setAmountMinor(p.amountMinor())
                .setCurrency(p.currency())
                .setGateway(p.provider())
                .setExternalReference(p.providerReference())
                .setFailureReason(
                        p.status() == PaymentStatus.FAILED || p.status() == PaymentStatus.CANCELLED ? p.reason() : null)
                .setCommissionIds(List.of())
                .setClientId(p.clientId())
                .setClientPaymentId(p.clientPaymentId())
                .build();
    }

    /** pending and processing are both still open: PENDING; the final ones map one to one. */
    static io.tracknow.events.payments.PaymentStatus status(PaymentStatus status) {
        return switch (status) {
            case PENDING, PROCESSING -> io.tracknow.events.payments.PaymentStatus.PENDING;
            case COMPLETED -> io.tracknow.events.payments.PaymentStatus.SUCCEEDED;
            case FAILED -> io.tracknow.events.payments.PaymentStatus.FAILED;
            case CANCELLED -> io.tracknow.events.payments.PaymentStatus.CANCELLED;
        };
    }
}
