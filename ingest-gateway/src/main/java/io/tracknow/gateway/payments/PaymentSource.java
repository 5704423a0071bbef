package io.tracknow.gateway.payments;

import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.Normalised;
import io.tracknow.gateway.intake.WebhookSource;
import io.tracknow.gateway.publish.EventIds;
import io.tracknow.schemas.Topics;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * A payment provider's callback: verified by the provider's own scheme, then published to
 * {@code payment-callbacks.v1} keyed {@code provider|externalPaymentId}. The gateway does not judge the
 * payment; the payment orchestrator does, from the provider's own status kept as text.
 */
public abstract class PaymentSource implements WebhookSource {

    /** What every payment provider's route starts with. */
    public static final String ROUTE_PREFIX = "payments/";

    /** The path segment, e.g. {@code cmi}; also the event's {@code provider}. */
    public abstract String provider();

    /** Reads the verified body; throws {@link InvalidWebhookException} for a body it cannot use. */
    abstract PaymentCallback read(Delivery delivery);

    /** {@code payments/<provider>}: {@code POST /webhooks/payments/{provider}/{merchantId}}. */
    @Override
    public String route() {
        return ROUTE_PREFIX + provider();
    }

    @Override
    public String name() {
        return provider().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public Mono<Normalised> normalise(Delivery delivery) {
        return Mono.fromCallable(() -> {
            PaymentCallback callback = read(delivery);
            PaymentCallbackReceived event = PaymentCallbackReceived.newBuilder()
                    .setEventId(EventIds.forDelivery(delivery.merchantId(), delivery.source(), callback.dedupeKey()))
                    .setOccurredAt(callback.occurredAt() != null ? callback.occurredAt() : delivery.receivedAt())
                    .setProvider(provider())
                    .setMerchantId(delivery.merchantId())
                    .setExternalPaymentId(callback.externalPaymentId())
                    .setProviderStatus(callback.providerStatus())
                    .setAmountMinor(callback.amountMinor())
                    .setCurrency(callback.currency())
                    .setPayloadJson(callback.payloadJson())
                    .build();
            return Normalised.Publish.of(callback.dedupeKey(), Topics.PAYMENT_CALLBACKS, event.getEventId(), event);
        });
    }
}
