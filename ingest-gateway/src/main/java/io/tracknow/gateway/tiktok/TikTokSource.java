package io.tracknow.gateway.tiktok;

import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.intake.Normalised;
import io.tracknow.gateway.intake.WebhookSource;
import io.tracknow.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * TikTok Shop order notifications. The body's {@code timestamp} must be within the tolerance of our
 * clock (replay protection, 400 otherwise); a notification is deduplicated on its
 * {@code tts_notification_id}, or, without one, on order id + status + update time. TikTok's rich
 * payload (numeric status) is mapped as it is; a real thin notification (type 1, 11, 12) is completed
 * with the order detail API first (and a completed return with the Search Returns API, for its refunded
 * amount), and if that API cannot answer the delivery gets 503 so TikTok retries.
 */
@Component
public class TikTokSource implements WebhookSource {

    static final String SOURCE = "TIKTOK_SHOP";

    private final JsonMapper json;
    private final GatewayProperties properties;
    private final TikTokOrderApi api;

    public TikTokSource(JsonMapper json, GatewayProperties properties, TikTokOrderApi api) {
        this.json = json;
        this.properties = properties;
        this.api = api;
    }

    @Override
    public String route() {
        return "tiktok";
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        return TikTokSignatures.verify(
                credential,
                delivery.body(),
                delivery.header("X-TikTok-Signature"),
                delivery.header("Authorization"),
                delivery.header(TikTokSignatures.TIMESTAMP_HEADER));
    }

    /**
     * A rich notification within the timestamp window needs no early check: it is normalised from its body
     * alone, and a repeat is caught when its receipt is reserved (one database round trip less per
     * webhook). A thin one needs it (normalising calls TikTok's order API), and so does one whose timestamp
     * is out of the window: a late re-delivery of a notification we accepted is answered duplicate, as
     * before, not refused as stale.
     */
    @Override
    public String earlyDedupeKey(Delivery delivery) {
        try {
            JsonNode tree = delivery.jsonObject(json);
            if (tree.path("data").path("order_status").isNumber() && withinWindow(delivery, tree)) {
                return null;
            }
            String id = JsonBodies.optionalText(tree, "tts_notification_id");
            return id == null ? null : "notification:" + id;
        } catch (RuntimeException unreadable) {
            return null; // normalise() answers the malformed body with its 400
        }
    }

    @Override
    public Mono<Normalised> normalise(Delivery delivery) {
        return Mono.fromCallable(() -> {
                    String signedTimestamp = delivery.header(TikTokSignatures.TIMESTAMP_HEADER);
                    if (signedTimestamp != null) {
                        checkWindow(parseSeconds(signedTimestamp), delivery.receivedAt());
                    }
                    JsonNode tree = delivery.jsonObject(json);
                    checkTimestamp(tree, delivery.receivedAt());
                    return tree;
                })
                .flatMap(tree -> {
                    if (JsonBodies.requiredObject(tree, "data")
                            .path("order_status")
                            .isNumber()) { // the rich payload
                        return Mono.just(TikTokOrderMapper.map(tree, delivery.merchantId(), delivery.receivedAt()));
                    }
                    String orderId = TikTokThinMapper.orderId(tree);
                    Mono<JsonNode> returns = TikTokThinMapper.refundCompleted(tree)
                            ? api.returns(delivery.merchantId(), orderId)
                            : Mono.just(MissingNode.getInstance());
                    return api.orderDetail(delivery.merchantId(), orderId)
                            .flatMap(order -> returns.map(found -> TikTokThinMapper.map(
                                    tree, order, found, delivery.merchantId(), delivery.receivedAt())))
                            .onErrorMap(
                                    TikTokOrderApi.Unavailable.class,
                                    e -> ApiProblem.retryLater(
                                            "order-detail-unavailable",
                                            "Try again later",
                                            e.getMessage(),
                                            properties.retryAfter()));
                })
                .map(order -> {
                    String dedupeKey = order.getDeliveryId() != null
                            ? "notification:" + order.getDeliveryId()
                            : "order:" + order.getExternalOrderId() + ":" + order.getPlatformStatus() + ":"
                                    + order.getOccurredAt().toEpochMilli();
                    return Normalised.Publish.order(delivery, dedupeKey, order);
                });
    }

    private boolean withinWindow(Delivery delivery, JsonNode tree) {
        try {
            String signedTimestamp = delivery.header(TikTokSignatures.TIMESTAMP_HEADER);
            if (signedTimestamp != null) {
                checkWindow(parseSeconds(signedTimestamp), delivery.receivedAt());
            }
            checkTimestamp(tree, delivery.receivedAt());
            return true;
        } catch (RuntimeException outsideOrUnreadable) {
            return false;
        }
    }

    private void checkTimestamp(JsonNode tree, Instant now) {
        checkWindow(Instant.ofEpochSecond(JsonBodies.wholeNumber(tree, "timestamp")), now);
    }

    private static Instant parseSeconds(String header) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidWebhookException(TikTokSignatures.TIMESTAMP_HEADER + " must be Unix seconds");
        }
    }

    private void checkWindow(Instant sent, Instant now) {
        Duration skew = Duration.between(sent, now).abs();
        if (skew.compareTo(properties.timestampTolerance()) > 0) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "stale-timestamp",
                    "Timestamp outside the accepted window",
                    "timestamp " + sent + " is " + skew.toSeconds() + " s from the gateway's clock; at most "
                            + properties.timestampTolerance().toSeconds() + " s is accepted");
        }
    }
}
