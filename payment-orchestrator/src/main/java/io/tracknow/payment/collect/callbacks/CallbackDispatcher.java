package io.tracknow.payment.collect.callbacks;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.tracknow.payment.collect.config.CollectProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Sends the due callbacks, signed, and records each answer. A 2xx answer delivers a callback; anything else
 * (another status, no answer within the timeout, a refused address) is retried after an exponential backoff
 * with jitter (the wait doubles from {@code initial-backoff} up to {@code max-backoff}, and a random half of it
 * is taken off so that many failed callbacks do not come back at once), until {@code max-attempts}; then the
 * callback is failed and waits for the operator's re-send. Redirects are not followed.
 */
@Component
class CallbackDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);
    private static final int BATCH = 20;

    private final Callbacks callbacks;
    private final CollectProperties.Callbacks settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WebClient http;

    CallbackDispatcher(
            Callbacks callbacks,
            CollectProperties properties,
            Clock clock,
            MeterRegistry meters,
            ObjectProvider<WebClient.Builder> webClients) {
        this.callbacks = callbacks;
        this.settings = properties.callbacks();
        this.clock = clock;
        this.meters = meters;
        HttpClient client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(settings.timeout().toMillis(), 10_000))
                .responseTimeout(settings.timeout())
                .followRedirect(false);
        this.http = webClients
                .getIfAvailable(WebClient::builder)
                .clone()
                .clientConnector(new ReactorClientHttpConnector(client))
                .build();
    }

    @Scheduled(fixedDelayString = "${tracknow.collect.callbacks.poll-interval:500ms}")
    void sendDue() {
        try {
            callbacks
                    .lease(BATCH, settings.lease())
                    .flatMap(this::attempt, 4)
                    .then()
                    .block(settings.lease());
        } catch (RuntimeException e) {
            // a database outage: the leases run out and the next poll (here or on another replica) tries again
            log.warn("callback round failed: {}", e.toString());
        }
    }

    private Mono<Void> attempt(Callbacks.Callback callback) {
        return Mono.fromCallable(() -> CallbackTargets.refusal(URI.create(callback.url()), callback.live()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> refusal.isPresent()
                        ? failed(callback, null, null, "not sent: " + refusal.get())
                        : send(callback));
    }

    private Mono<Void> send(Callbacks.Callback callback) {
        byte[] body = callback.body().getBytes(StandardCharsets.UTF_8);
        return http.post()
                .uri(URI.create(callback.url()))
                .contentType(MediaType.APPLICATION_JSON)
                .header(CallbackSignature.HEADER, CallbackSignature.of(callback.secret(), body))
                .header("X-Payment-Delivery", Long.toString(callback.id()))
                .header("User-Agent", "tracknow-payments-callback/1")
                .bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .onErrorResume(e -> Mono.just("(answer not readable: " + e.getMessage() + ")"))
                        .map(text -> new Answer(response.statusCode().value(), text)))
                .timeout(settings.timeout())
                .flatMap(answer -> {
                    if (answer.status() / 100 == 2) {
                        meters.counter("tracknow.collect.callbacks", "outcome", "delivered")
                                .increment();
                        return callbacks.delivered(callback.id(), answer.status(), answer.body());
                    }
                    return failed(callback, answer.status(), answer.body(), "answered " + answer.status());
                })
                .onErrorResume(e -> failed(callback, null, null, e.toString()));
    }

    private Mono<Void> failed(Callbacks.Callback callback, Integer status, String response, String error) {
        int attempt = callback.attempts() + 1;
        Instant next =
                attempt >= settings.maxAttempts() ? null : clock.instant().plus(backoff(attempt));
        meters.counter("tracknow.collect.callbacks", "outcome", next == null ? "failed" : "retry")
                .increment();
        log.info(
                "callback {} of payment {} attempt {} failed ({}){}",
                callback.id(),
                callback.externalPaymentId(),
                attempt,
                error,
                next == null ? "; no attempts left, marked failed" : "; next at " + next);
        return callbacks.attemptFailed(callback.id(), status, response, error, next);
    }

    /** The wait after the n-th failed attempt: initial × 2^(n-1), at most max, less a random part of up to half. */
    Duration backoff(int failedAttempts) {
        long initial = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long full = failedAttempts >= 40 ? max : Math.min(max, initial * (1L << Math.min(failedAttempts - 1, 30)));
        long half = full / 2;
        return Duration.ofMillis(
                full - (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }

    private record Answer(int status, String body) {}
}
