package io.tracknow.notification.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tracknow.notifications.*}: where the templates are, the defaults for an influencer we know
 * nothing about (French, the default time zone), and the delivery timings of e-mail and webhooks.
 */
@Validated
@ConfigurationProperties("tracknow.notifications")
public record NotificationProperties(
        /* a Spring resource location ending in '/', e.g. classpath:/notifications/templates/ or file:/etc/tracknow/templates/ */
        @NotBlank String templatesLocation,
        @NotBlank String defaultLocale,
        @NotBlank String defaultTimeZone,
        @Valid @NotNull Delivery delivery,
        @Valid @NotNull Email email,
        @Valid @NotNull Webhook webhook,
        @Valid @NotNull Digest digest,
        @Valid @NotNull Sales sales,
        @NotNull Duration streamPollInterval,
        /* base64 AES key (16, 24 or 32 bytes) sealing webhook secrets at rest (TRACKNOW_NOTIFICATION_SECRET_KEY) */
        String secretKey,
        /* the embedded demo platform: a blank secretKey then means the fixed development key */
        boolean demo) {

    /** The worker that sends e-mails and webhooks: how often it looks, how many per round, the backoff between attempts. */
    public record Delivery(
            @NotNull Duration pollInterval,
            @Min(1) int batchSize,
            @NotNull Duration backoffBase,
            @NotNull Duration backoffMax) {}

    public record Email(@NotBlank String from, @Min(1) int maxAttempts) {}

    /**
     * Outgoing webhooks. {@code allowLoopback} lets tests reach a receiver on 127.0.0.1 (WireMock); it is
     * off in production, where a URL resolving to a private, loopback or link-local address is refused.
     */
    public record Webhook(
            @NotNull Duration timeout,
            @Min(1) int maxAttempts,
            @Min(1) int disableAfterFailures,
            boolean allowLoopback) {}

    /**
     * The "new sale" message waits up to {@code commissionWait} for commission-service's CommissionAccrued of
     * the same sale, to state the commission; after it, it goes without. Rows of the join are kept
     * {@code keepFor} (a commission whose sale never came, a sale already told).
     */
    public record Sales(
            @NotNull Duration commissionWait, @NotNull Duration keepFor) {}

    /** The daily digest of sales goes out at this local time the day after. */
    public record Digest(@NotNull LocalTime sendAt) {}
}
