package io.tracknow.gateway.payments;

import java.time.Instant;

/**
 * What a provider's verified callback says, before it becomes a {@code PaymentCallbackReceived}.
 *
 * @param dedupeKey   under which a repeat of this callback is a duplicate (provider id + status, or the provider's event id)
 * @param amountMinor null when the provider does not state an amount (the external payment backend)
 * @param payloadJson the body without its signature fields
 */
record PaymentCallback(
        String externalPaymentId,
        String providerStatus,
        Long amountMinor,
        String currency,
        Instant occurredAt,
        String dedupeKey,
        String payloadJson) {}
