package io.tracknow.payment.collect.payments;

import io.r2dbc.spi.Readable;
import io.tracknow.payment.collect.keys.Mode;
import java.time.Instant;

/** A payment a client platform initiated, as stored. */
public record CollectPayment(
        String externalPaymentId,
        String clientId,
        Mode mode,
        String keyId,
        String clientPaymentId,
        String requestSha256,
        long amountMinor,
        String currency,
        String paymentMethod,
        String callbackUrl,
        String clientMetadata,
        String provider,
        PaymentStatus status,
        String initiateResponse,
        String transactionId,
        String providerReference,
        String providerMetadata,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Instant completedAt,
        Instant cancelledAt,
        Instant failedAt) {

    static CollectPayment of(Readable row) {
        return new CollectPayment(
                row.get("external_payment_id", String.class),
                row.get("client_id", String.class),
                Mode.fromWire(row.get("mode", String.class)),
                row.get("key_id", String.class),
                row.get("client_payment_id", String.class),
                row.get("request_sha256", String.class),
                row.get("amount_minor", Long.class),
                row.get("currency", String.class),
                row.get("payment_method", String.class),
                row.get("callback_url", String.class),
                row.get("client_metadata", String.class),
                row.get("provider", String.class),
                PaymentStatus.fromWire(row.get("status", String.class)),
                row.get("initiate_response", String.class),
                row.get("transaction_id", String.class),
                row.get("provider_reference", String.class),
                row.get("provider_metadata", String.class),
                row.get("reason", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("expires_at", Instant.class),
                row.get("completed_at", Instant.class),
                row.get("cancelled_at", Instant.class),
                row.get("failed_at", Instant.class));
    }

    public boolean live() {
        return mode == Mode.LIVE;
    }
}
