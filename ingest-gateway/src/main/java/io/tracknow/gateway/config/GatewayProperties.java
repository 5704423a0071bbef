package io.tracknow.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param timestampTolerance how far a webhook's own timestamp may be from our clock, either way
 * @param publishTimeout     longest wait for Kafka's acknowledgement before answering 503; at least the
 *                           producer's own bound (max.block.ms + delivery.timeout.ms), checked by EventPublisher
 * @param reservationLease   how long a delivery reserved for publishing (PUBLISHING receipt) holds off its
 *                           retries; after that a retry may take it over (the attempt that reserved it was
 *                           cancelled or crashed). Longer than {@code publishTimeout}, so a live attempt has
 *                           always given up before its reservation can be taken over
 * @param retryAfter         what a 503 tells the sender to wait before retrying
 * @param demo               seed the demo merchant's credentials at start-up (and allow the fixed dev secret key)
 * @param maxBodySize        larger webhook bodies are refused with 413
 * @param rateLimit          per-merchant request budget on the webhook routes
 * @param secretKey          base64 AES key (16, 24 or 32 bytes) that encrypts merchant secrets at rest;
 *                           blank only when {@code demo} is set (a fixed development key is used then)
 * @param tiktokApi          TikTok Shop Open API client that completes thin notifications
 * @param credentialCache    how long a merchant's active credentials are kept in memory: a change made through
 *                           another replica (a secret revoked, a merchant configured) is seen within this time
 * @param groupCommit        how the webhooks' database writes are grouped across concurrent requests
 * @param limits             bounds on what a webhook may carry (amounts, ids, free text), applied on every route
 *                           by {@link io.tracknow.gateway.intake.PayloadLimits}
 */
@Validated
@ConfigurationProperties("tracknow.gateway")
public record GatewayProperties(
        @NotNull Duration timestampTolerance,
        @NotNull Duration publishTimeout,
        @NotNull Duration reservationLease,
        @NotNull Duration retryAfter,
        boolean demo,
        @NotNull DataSize maxBodySize,
        @Valid @NotNull RateLimit rateLimit,
        String secretKey,
        @Valid @NotNull TikTokApi tiktokApi,
        @NotNull Duration credentialCache,
        @Valid @NotNull GroupCommitSettings groupCommit,
        @Valid @NotNull Limits limits) {

    /** Checked at start-up: a lease no longer than the publish timeout could let two attempts publish at once. */
    @AssertTrue(message = "reservation-lease must be longer than publish-timeout")
    public boolean isReservationLeaseLongerThanPublishTimeout() {
        return reservationLease == null || publishTimeout == null || reservationLease.compareTo(publishTimeout) > 0;
    }

    /**
     * @param capacity requests a merchant may send in one burst
     * @param period   time in which the whole capacity refills
     */
    public record RateLimit(
            @Positive long capacity, @NotNull Duration period) {}

    /**
     * @param maxBatch    most deliveries written by one statement
     * @param maxInFlight most such statements under way at once, per kind (reservations, outcomes); each holds a
     *                    pooled connection, so together they must leave some of the pool to the rest
     */
    public record GroupCommitSettings(
            @Positive int maxBatch, @Positive int maxInFlight) {}

    /**
     * @param baseUrl        e.g. https://open-api.tiktokglobalshop.com
     * @param allowedHosts   the only hosts the client may call (no request to a host a credential names: SSRF); the base URL must be one
     * @param connectTimeout TCP connect timeout
     * @param readTimeout    longest wait for the whole answer of one attempt
     * @param maxAttempts    attempts per call (retrying timeouts, I/O errors and 5xx; never 4xx)
     * @param backoff        first wait between attempts, doubled each time
     */
    public record TikTokApi(
            @NotNull java.net.URI baseUrl,
            @NotNull java.util.List<String> allowedHosts,
            @NotNull Duration connectTimeout,
            @NotNull Duration readTimeout,
            @Positive int maxAttempts,
            @NotNull Duration backoff) {}

    /**
     * What no genuine order or payment carries; past a bound the delivery is refused with 400 invalid-payload.
     *
     * @param maxIdLength           ids, codes and statuses as the sender states them (order, payment, product ids,
     *                              event-id headers, notification ids, promo codes, UTM values) and the dedupe
     *                              key built from them, in characters
     * @param maxTextLength         free text that travels on (buyer note, item names, categories, cart attribute
     *                              values), in characters
     * @param maxAmount             largest amount of an order, a refund, a line price or a payment, in major
     *                              units, for any currency not listed in {@code maxAmountByCurrency}
     * @param maxAmountByCurrency   the same per ISO 4217 code, for currencies whose unit is worth much less
     *                              (MAD, XOF, XAF, JPY)
     * @param maxQuantity           largest quantity of one line item
     */
    public record Limits(
            @Positive int maxIdLength,
            @Positive int maxTextLength,
            @NotNull @Positive java.math.BigDecimal maxAmount,
            @NotNull java.util.Map<String, java.math.BigDecimal> maxAmountByCurrency,
            @Positive int maxQuantity) {

        /** The shipped bounds (ingest-gateway.yml), for tests that build the properties by hand. */
        public static Limits defaults() {
            return new Limits(
                    255,
                    5000,
                    java.math.BigDecimal.valueOf(1_000_000),
                    java.util.Map.of(
                            "MAD",
                            java.math.BigDecimal.valueOf(10_000_000),
                            "XOF",
                            java.math.BigDecimal.valueOf(1_000_000_000),
                            "XAF",
                            java.math.BigDecimal.valueOf(1_000_000_000),
                            "JPY",
                            java.math.BigDecimal.valueOf(150_000_000)),
                    1_000_000);
        }
    }
}
