package io.tracknow.gateway.tiktok;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.gateway.credentials.CredentialStore;
import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.dedupe.DeliveryReceipts;
import io.tracknow.gateway.publish.EventPublisher;
import io.tracknow.messaging.web.ApiProblem;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * TikTok Shop order webhooks. Order of checks: the merchant must have TikTok credentials (404), the
 * signature must match the raw body (401), the body must be an order we understand (400) and its
 * timestamp within the tolerance of our clock (400, replay protection); then the delivery is
 * deduplicated and its {@code orders.v1} event published before we answer 200.
 */
@RestController
public class TikTokWebhookController {

    static final String SOURCE = "TIKTOK_SHOP";
    private static final Logger log = LoggerFactory.getLogger(TikTokWebhookController.class);

    private final CredentialStore credentials;
    private final DeliveryReceipts receipts;
    private final EventPublisher publisher;
    private final JsonMapper json;
    private final Clock clock;
    private final GatewayProperties properties;
    private final MeterRegistry meters;

    public TikTokWebhookController(CredentialStore credentials, DeliveryReceipts receipts, EventPublisher publisher,
                                   JsonMapper json, Clock clock, GatewayProperties properties, MeterRegistry meters) {
        this.credentials = credentials;
        this.receipts = receipts;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
    }

    @PostMapping(path = "/webhooks/tiktok/{merchantId}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> receive(@PathVariable String merchantId,
                                             @RequestHeader(name = "X-TikTok-Signature", required = false) String signature,
                                             @RequestHeader(name = "Authorization", required = false) String authorization,
                                             @RequestBody(required = false) byte[] body) {
        Instant receivedAt = clock.instant();
        byte[] raw = body == null ? new byte[0] : body;
        return credentials.active(merchantId, SOURCE).collectList()
                .map(active -> {
                    if (active.isEmpty()) {
                        throw ApiProblem.notFound("unknown-merchant",
                                "merchant " + merchantId + " has no TikTok Shop webhook configured");
                    }
                    if (active.stream().noneMatch(c -> TikTokSignatures.verify(c, raw, signature, authorization))) {
                        throw new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature",
                                "the webhook signature does not match the body for any active secret of this merchant");
                    }
                    JsonNode tree = parse(raw);
                    checkTimestamp(tree, receivedAt);
                    return TikTokOrderMapper.map(tree, merchantId, receivedAt);
                })
                .flatMap(order -> accept(merchantId, order))
                .doOnSuccess(answer -> outcome(answer.get("status").toString(), "none"))
                .doOnError(ApiProblem.class, problem -> {
                    outcome("rejected", problem.typeName());
                    log.info("rejected TikTok webhook for merchant {}: {} ({})", merchantId, problem.typeName(),
                            problem.getMessage());
                });
    }

    private Mono<Map<String, Object>> accept(String merchantId, OrderReported order) {
        String dedupeKey = order.getDeliveryId() != null
                ? "notification:" + order.getDeliveryId()
                : "order:" + order.getExternalOrderId() + ":" + order.getPlatformStatus() + ":" + order.getOccurredAt().toEpochMilli();
        return receipts.reserve(merchantId, SOURCE, dedupeKey, order.getEventId()).flatMap(reservation -> switch (reservation) {
            case ALREADY_ACCEPTED -> Mono.just(Map.<String, Object>of("status", "duplicate", "duplicate", true));
            case IN_FLIGHT -> Mono.error(unavailable("the same delivery is being processed; retry shortly"));
            case NEW -> publisher.publish(Topics.ORDERS, orderKey(order), order)
                    .then(receipts.accept(merchantId, SOURCE, dedupeKey))
                    .thenReturn(Map.<String, Object>of("status", "accepted", "duplicate", false, "eventId", order.getEventId()))
                    .onErrorResume(e -> !(e instanceof ApiProblem), e -> {
                        log.warn("could not publish order {} of merchant {}: {}", order.getExternalOrderId(), merchantId, e.toString());
                        return receipts.release(merchantId, SOURCE, dedupeKey)
                                .then(Mono.error(unavailable("the event could not be stored durably; retry later")));
                    });
        });
    }

    static String orderKey(OrderReported order) {
        return order.getMerchantId() + "|" + order.getSource() + "|" + order.getExternalOrderId();
    }

    private JsonNode parse(byte[] raw) {
        try {
            JsonNode tree = json.readTree(raw);
            if (tree == null || !tree.isObject()) {
                throw new InvalidWebhookException("the body must be a JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw new InvalidWebhookException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void checkTimestamp(JsonNode tree, Instant now) {
        JsonNode timestamp = tree.path("timestamp");
        if (!timestamp.canConvertToLong()) {
            throw new InvalidWebhookException("missing required field timestamp (Unix seconds)");
        }
        Instant sent = Instant.ofEpochSecond(timestamp.asLong());
        Duration skew = Duration.between(sent, now).abs();
        if (skew.compareTo(properties.timestampTolerance()) > 0) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "stale-timestamp", "Timestamp outside the accepted window",
                    "timestamp " + sent + " is " + skew.toSeconds() + " s from the gateway's clock; at most "
                            + properties.timestampTolerance().toSeconds() + " s is accepted");
        }
    }

    private ApiProblem unavailable(String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable", "Try again later", detail,
                Map.of("Retry-After", Long.toString(properties.retryAfter().toSeconds())));
    }

    private void outcome(String outcome, String reason) {
        meters.counter("tracknow.webhooks", "source", SOURCE, "outcome", outcome, "reason", reason).increment();
    }
}
