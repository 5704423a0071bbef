package io.tracknow.payment.collect.payments;

import java.util.Map;

/**
 * A status change to make, and what is known with it.
 *
 * @param transactionId     the provider's (or the sandbox's) transaction, on completion
 * @param providerReference the provider's own reference
 * @param providerMetadata  what the provider tells about the payment (provider name, phone number...)
 * @param reason            why a payment failed or was cancelled
 * @param actor             who made the change, for the audit log ("client:...", "payer", "sandbox", "provider:...")
 */
public record Change(
        PaymentStatus to,
        String transactionId,
        String providerReference,
        Map<String, String> providerMetadata,
        String reason,
        String actor) {

    public Change {
        providerMetadata = providerMetadata == null ? Map.of() : Map.copyOf(providerMetadata);
    }

    public static Change to(PaymentStatus to, String reason, String actor) {
        return new Change(to, null, null, Map.of(), reason, actor);
    }
}
