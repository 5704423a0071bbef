package io.tracknow.payment.collect.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The payments API for client platforms ({@code tracknow.collect.*}, docs/payments-api.md).
 *
 * @param publicBaseUrl   where payers reach this service: the sandbox payment page is {@code <base>/pay/<id>}
 * @param apiVersion      the version {@code GET /health} reports
 * @param paymentTtl      how long a payment may stay pending ({@code expires_at}); a sandbox payment is cancelled then
 * @param sandboxSlowDelay after how long the sandbox completes a 3.00 payment (30 s, as seed 004 says)
 * @param requestsPerMinute the rate limit per API key
 * @param callbacks       the signed status callbacks to the client's {@code callback_url}
 * @param demo            seed the demo sandbox client (key {@code demo-payments-key}), as the embedded platform does
 */
@ConfigurationProperties("tracknow.collect")
public record CollectProperties(
        URI publicBaseUrl,
        String apiVersion,
        Duration paymentTtl,
        Duration sandboxSlowDelay,
        int requestsPerMinute,
        Duration duePollInterval,
        Callbacks callbacks,
        boolean demo) {

    public CollectProperties {
        if (publicBaseUrl == null || !publicBaseUrl.isAbsolute()) {
            throw new IllegalArgumentException(
                    "tracknow.collect.public-base-url must be an absolute URL: " + publicBaseUrl);
        }
        apiVersion = apiVersion == null || apiVersion.isBlank() ? "1.0.0" : apiVersion;
        paymentTtl = positive(paymentTtl, Duration.ofHours(1), "payment-ttl");
        sandboxSlowDelay = positive(sandboxSlowDelay, Duration.ofSeconds(30), "sandbox-slow-delay");
        duePollInterval = positive(duePollInterval, Duration.ofSeconds(1), "due-poll-interval");
        if (requestsPerMinute <= 0) {
            requestsPerMinute = 100;
        }
        callbacks = callbacks == null ? new Callbacks(null, null, 0, null, null, null) : callbacks;
    }

    /** The sandbox payment page of a payment. */
    public String paymentPage(String externalPaymentId) {
        String base = publicBaseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/pay/" + externalPaymentId;
    }

    /**
     * @param timeout        how long a receiver may take to answer (30 s, seed 004)
     * @param pollInterval   how often due callbacks are looked for
     * @param maxAttempts    attempts before a callback is marked failed (then the operator may re-send it)
     * @param initialBackoff the wait after the first failed attempt; doubled after each, with jitter
     * @param maxBackoff     the longest wait between two attempts
     * @param lease          how long a replica holds a callback it is sending before another may take it over
     */
    public record Callbacks(
            Duration timeout,
            Duration pollInterval,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration lease) {

        public Callbacks {
            timeout = positive(timeout, Duration.ofSeconds(30), "callbacks.timeout");
            pollInterval = positive(pollInterval, Duration.ofMillis(500), "callbacks.poll-interval");
            maxAttempts = maxAttempts <= 0 ? 8 : maxAttempts;
            initialBackoff = positive(initialBackoff, Duration.ofSeconds(10), "callbacks.initial-backoff");
            maxBackoff = positive(maxBackoff, Duration.ofHours(1), "callbacks.max-backoff");
            lease = positive(lease, timeout.plusSeconds(30), "callbacks.lease");
            if (lease.compareTo(timeout) <= 0) {
                throw new IllegalArgumentException("tracknow.collect.callbacks.lease must be longer than the timeout");
            }
        }
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("tracknow.collect." + name + " must be positive: " + value);
        }
        return value;
    }
}
