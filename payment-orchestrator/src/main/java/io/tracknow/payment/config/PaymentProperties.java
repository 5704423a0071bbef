package io.tracknow.payment.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param secretKey  base64 AES key (16, 24 or 32 bytes) that seals merchants' gateway secrets at rest
 *                   (env TRACKNOW_PAYMENT_SECRET_KEY); blank only when {@code demo} is set (fixed development key)
 * @param demo       the embedded demo platform: allows the development key
 * @param providers  each provider's API: base URL per gateway name (cmi, payzen, sg_maroc, orange_money,
 *                   mtn_momo, moov_money, wave), the production hosts by default
 * @param http       timeouts, retries and circuit breaker shared by every connector
 * @param callbackBaseUrl where providers send their callbacks (the ingest-gateway's public /webhooks/payments)
 */
@Validated
@ConfigurationProperties("tracknow.payment")
public record PaymentProperties(
        String secretKey,
        boolean demo,
        @NotNull Map<String, URI> providers,
        @Valid @DefaultValue Http http,

        @DefaultValue("https://api.tracknow.io/webhooks/payments") @NotNull
        URI callbackBaseUrl,

        @Valid @DefaultValue Debits debits,
        @Valid @DefaultValue Janitor janitor,
        @Valid @DefaultValue Payouts payouts) {

    /**
     * @param cron           when the payout run starts (Spring cron in {@code zone}: day and time), Fridays 09:00 by
     *                       default; "-" turns it off
     * @param zone           the time zone of the schedule and of the week names
     * @param minimum        the smallest payout per currency, minor units (an influencer with less waits)
     * @param defaultMinimum the smallest payout in a currency not listed
     * @param credentials    the platform's own wallet credentials per provider (mtn_momo, wave, moov_money), the
     *                       settings each gateway's set-up names; from the environment only
     */
    public record Payouts(
            @DefaultValue("0 0 9 * * FRI") @NotNull String cron,
            @DefaultValue("UTC") @NotNull java.time.ZoneId zone,
            @DefaultValue Map<String, Long> minimum,
            @DefaultValue("1") @Min(1) long defaultMinimum,
            @DefaultValue Map<String, Map<String, String>> credentials) {

        public long minimumOf(String currency) {
            return minimum == null ? defaultMinimum : minimum.getOrDefault(currency, defaultMinimum);
        }
    }

    /**
     * @param cron   when the debit run starts (Spring cron, in {@code zone}); "-" turns the schedule off
     * @param zone   the time zone of the schedule and of the period names
     * @param period what one debit covers per merchant and currency: WEEK (ISO week, "2026-W49"), DAY or MONTH
     */
    public record Debits(
            @DefaultValue("0 0 6 * * MON") @NotNull String cron,
            @DefaultValue("UTC") @NotNull java.time.ZoneId zone,
            @DefaultValue("WEEK") @NotNull Period period) {

        public enum Period {
            DAY,
            WEEK,
            MONTH
        }
    }

    /**
     * @param staleAfter a payment pending or processing for longer is asked about again
     * @param interval   how often the janitor looks
     */
    public record Janitor(
            @DefaultValue("15m") @NotNull Duration staleAfter,
            @DefaultValue("1m") @NotNull Duration interval) {}

    /**
     * @param connectTimeout   TCP connect timeout of one attempt
     * @param readTimeout      longest wait for the whole answer of one attempt
     * @param maxAttempts      attempts per call; only timeouts, I/O errors and 5xx are retried, never 4xx
     * @param backoff          first wait between attempts, doubled each time
     * @param failureRate      percentage of failed calls (of the last {@code window}) that opens a provider's circuit
     * @param window           calls the failure rate is computed over
     * @param openFor          how long an open circuit refuses calls before letting a few through again
     */
    public record Http(
            @DefaultValue("2s") @NotNull Duration connectTimeout,
            @DefaultValue("10s") @NotNull Duration readTimeout,
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("200ms") @NotNull Duration backoff,
            @DefaultValue("50") @Min(1) int failureRate,
            @DefaultValue("20") @Min(2) int window,
            @DefaultValue("30s") @NotNull Duration openFor) {}
}
