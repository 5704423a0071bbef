package io.tracknow.gateway.intake;

import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.gateway.credentials.CredentialStore;
import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.dedupe.DeliveryReceipts;
import io.tracknow.gateway.publish.EventPublisher;
import io.tracknow.gateway.webhooklog.LogEntry;
import io.tracknow.gateway.webhooklog.WebhookLog;
import io.tracknow.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one path every webhook takes, whatever its source. Checks in this order, each refusal a problem
 * answer that publishes nothing: content type (415), declared size (413), merchant configured for the
 * source (404), the merchant's rate limit (429), actual size (413), signature over the raw bytes for
 * any active secret (401), payload (400: malformed, a field missing or of the wrong type, or a value outside
 * the {@link PayloadLimits}, the same for every source). Then the delivery is reserved under its dedupe key, its
 * event published and acknowledged by Kafka, and only then marked accepted and answered 200; if Kafka
 * fails, or the sender hangs up first, the reservation is released and the sender gets 503 + Retry-After
 * so its retry gets through (a reservation left behind by a crash expires after the reservation lease).
 * Every outcome, also an unexpected error ({@link Unexpected}), is answered with a problem, counted,
 * timed and written to the webhook log.
 */
@Component
public class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private final CredentialStore credentials;
    private final DeliveryReceipts receipts;
    private final EventPublisher publisher;
    private final MerchantRateLimiter rateLimiter;
    private final WebhookLog webhookLog;
    private final WebhookMetrics metrics;
    private final PayloadLimits limits;
    private final GatewayProperties properties;
    private final Clock clock;

    public WebhookIntake(
            CredentialStore credentials,
            DeliveryReceipts receipts,
            EventPublisher publisher,
            MerchantRateLimiter rateLimiter,
            WebhookLog webhookLog,
            WebhookMetrics metrics,
            PayloadLimits limits,
            GatewayProperties properties,
            Clock clock) {
        this.credentials = credentials;
        this.receipts = receipts;
        this.publisher = publisher;
        this.rateLimiter = rateLimiter;
        this.webhookLog = webhookLog;
        this.metrics = metrics;
        this.limits = limits;
        this.properties = properties;
        this.clock = clock;
    }

    /** Takes one delivery: check → verify → dedupe → publish → answer; any refusal is answered as a problem. */
    public Mono<Map<String, Object>> receive(WebhookSource source, String merchantId, ServerHttpRequest request) {
        long started = System.nanoTime();
        LogEntry.Builder entry = LogEntry.builder(clock.instant(), source.name(), merchantId, request.getHeaders());
        return Mono.defer(() -> check(source, merchantId, request))
                .flatMap(checked -> verify(source, merchantId, request, checked, entry))
                .flatMap(delivery -> dedupe(source, delivery, entry))
                .flatMap(normalised -> publish(source, merchantId, normalised, entry, started))
                .flatMap(answer -> entry.isLogged()
                        ? Mono.just(answer)
                        : webhookLog.record(entry.logged()).thenReturn(answer))
                .onErrorResume(error -> refuse(source, merchantId, entry, started, error));
    }

    /**
     * What can be judged before the body is read: content type (415), declared size (413), the merchant
     * configured for the source (404) and within its rate limit (429).
     */
    private Mono<Checked> check(WebhookSource source, String merchantId, ServerHttpRequest request) {
        MediaType contentType = checkContentType(source, request.getHeaders());
        if (request.getHeaders().getContentLength() > properties.maxBodySize().toBytes()) {
            throw tooLarge();
        }
        return credentials.active(merchantId, source.name()).collectList().map(active -> {
            if (active.isEmpty()) {
                throw ApiProblem.notFound(
                        "unknown-merchant",
                        "merchant " + merchantId + " has no " + source.name() + " webhook configured");
            }
            rateLimiter.check(merchantId);
            return new Checked(contentType, active);
        });
    }

    /** A request that passed {@link #check}: its content type and the merchant's active credentials for the source. */
    private record Checked(MediaType contentType, List<MerchantCredential> active) {}

    /** Reads the body within its limit (413) and checks its signature against every active secret (401). */
    private Mono<Delivery> verify(
            WebhookSource source,
            String merchantId,
            ServerHttpRequest request,
            Checked checked,
            LogEntry.Builder entry) {
        return BodyReader.read(request.getBody(), properties.maxBodySize().toBytes())
                .onErrorMap(BodyReader.TooLarge.class, e -> tooLarge())
                .map(body -> {
                    entry.body(body);
                    Delivery delivery = new Delivery(
                            source.name(),
                            merchantId,
                            request.getHeaders(),
                            checked.contentType(),
                            body,
                            entry.receivedAt());
                    if (checked.active().stream().noneMatch(c -> source.verify(delivery, c))) {
                        throw new ApiProblem(
                                HttpStatus.UNAUTHORIZED,
                                "invalid-signature",
                                "Invalid signature",
                                "the webhook signature does not match the body for any active secret of this merchant");
                    }
                    return delivery;
                });
    }

    /** A repeat the source's early key already identifies is a duplicate; anything else is normalised (400 if invalid). */
    private Mono<Normalised> dedupe(WebhookSource source, Delivery delivery, LogEntry.Builder entry) {
        String early = source.earlyDedupeKey(delivery);
        if (early == null) {
            return source.normalise(delivery);
        }
        limits.dedupeKey(early);
        return receipts.accepted(delivery.merchantId(), source.name(), early).flatMap(duplicate -> {
            if (duplicate) {
                entry.dedupeKey(early);
                return Mono.<Normalised>just(new Normalised.Duplicate());
            }
            return source.normalise(delivery);
        });
    }

    /** Publishes a new event once (within the {@link PayloadLimits}); an acknowledgement or a duplicate publishes nothing. */
    private Mono<Map<String, Object>> publish(
            WebhookSource source, String merchantId, Normalised normalised, LogEntry.Builder entry, long started) {
        return switch (normalised) {
            case Normalised.Acknowledge ack ->
                Mono.just(finish(
                        entry,
                        started,
                        "IGNORED",
                        null,
                        200,
                        Map.<String, Object>of("status", ack.status(), "duplicate", false)));
            case Normalised.Publish publish -> {
                limits.apply(publish);
                yield publishOnce(source, merchantId, publish, entry, started);
            }
            case Normalised.Duplicate duplicate ->
                Mono.just(finish(
                        entry,
                        started,
                        "DUPLICATE",
                        null,
                        200,
                        Map.<String, Object>of("status", "duplicate", "duplicate", true)));
        };
    }

    /** Any failure as the problem answer: counted, timed, logged at the level it deserves and written to the webhook log. */
    private Mono<Map<String, Object>> refuse(
            WebhookSource source, String merchantId, LogEntry.Builder entry, long started, Throwable error) {
        ApiProblem problem = Unexpected.problem(error, properties.retryAfter());
        String outcome = problem.status().is5xxServerError() ? "FAILED" : "REJECTED";
        finish(entry, started, outcome, problem.typeName(), problem.status().value(), null);
        if (problem.status() == HttpStatus.INTERNAL_SERVER_ERROR) {
            log.error("failed {} webhook for merchant {}", source.name(), merchantId, error);
        } else {
            log.info(
                    "{} {} webhook for merchant {}: {} ({})",
                    outcome.toLowerCase(),
                    source.name(),
                    merchantId,
                    problem.typeName(),
                    error == problem ? problem.getMessage() : error.toString());
        }
        return webhookLog.record(entry.logged()).then(Mono.error(problem));
    }

    private Mono<Map<String, Object>> publishOnce(
            WebhookSource source, String merchantId, Normalised.Publish publish, LogEntry.Builder entry, long started) {
        String key = publish.dedupeKey();
        entry.dedupeKey(key);
        return receipts.reserve(merchantId, source.name(), key, publish.eventId())
                .flatMap(reservation -> switch (reservation) {
                    case ALREADY_ACCEPTED ->
                        Mono.just(finish(
                                entry,
                                started,
                                "DUPLICATE",
                                null,
                                200,
                                Map.<String, Object>of("status", "duplicate", "duplicate", true)));
                    case IN_FLIGHT -> Mono.error(unavailable("the same delivery is being processed; retry shortly"));
                    case NEW ->
                        publisher
                                .publish(publish.topic(), publish.key(), publish.event())
                                .then(Mono.defer(() -> {
                                    entry.event(
                                            publish.eventId(), publish.topic().name(), publish.key(), publish.event());
                                    entry.outcome("ACCEPTED", null, 200, Duration.ofNanos(System.nanoTime() - started));
                                    // the receipt turns ACCEPTED in the statement that writes the log line
                                    return webhookLog.recordAccepted(entry.logged());
                                }))
                                .then(Mono.fromSupplier(() -> finish(
                                        entry,
                                        started,
                                        "ACCEPTED",
                                        null,
                                        200,
                                        Map.<String, Object>of(
                                                "status",
                                                "accepted",
                                                "duplicate",
                                                false,
                                                "eventId",
                                                publish.eventId()))))
                                .onErrorResume(e -> !(e instanceof ApiProblem), e -> {
                                    log.warn(
                                            "could not publish {} delivery {} of merchant {}: {}",
                                            source.name(),
                                            key,
                                            merchantId,
                                            e.toString());
                                    return receipts.release(merchantId, source.name(), key)
                                            .then(Mono.error(
                                                    unavailable("the event could not be stored durably; retry later")));
                                })
                                // the sender hung up (or the server is stopping): give the reservation back now, so
                                // that the
                                // retry is not held off until the reservation lease runs out
                                .doOnCancel(() -> releaseAfterCancel(source, merchantId, key));
                });
    }

    private void releaseAfterCancel(WebhookSource source, String merchantId, String key) {
        log.info(
                "{} delivery {} of merchant {} cancelled before it was answered; releasing its reservation",
                source.name(),
                key,
                merchantId);
        receipts.release(merchantId, source.name(), key)
                .subscribe(
                        null,
                        e -> log.warn(
                                "could not release the reservation of cancelled {} delivery {} of merchant {} (the reservation lease"
                                        + " will free it): {}",
                                source.name(),
                                key,
                                merchantId,
                                e.toString()));
    }

    private <T> T finish(LogEntry.Builder entry, long started, String outcome, String reason, int status, T answer) {
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        entry.outcome(outcome, reason, status, latency);
        metrics.record(entry.source(), outcome, reason, latency);
        return answer;
    }

    private static MediaType checkContentType(WebhookSource source, HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (RuntimeException unparsable) {
            type = null;
        }
        MediaType given = type;
        if (given == null || source.contentTypes().stream().noneMatch(t -> t.isCompatibleWith(given))) {
            throw new ApiProblem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "this webhook accepts " + source.contentTypes() + ", not "
                            + headers.getFirst(HttpHeaders.CONTENT_TYPE));
        }
        return given;
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "Body too large",
                "webhook bodies are limited to " + properties.maxBodySize().toBytes() + " bytes");
    }

    private ApiProblem unavailable(String detail) {
        return ApiProblem.retryLater("temporarily-unavailable", "Try again later", detail, properties.retryAfter());
    }
}
