package io.tracknow.gateway.shopify;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.intake.Normalised;
import io.tracknow.gateway.intake.WebhookSource;
import io.tracknow.gateway.signature.HmacSignatures;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shopify webhooks (https://shopify.dev/docs/apps/build/webhooks/subscribe/https): header
 * {@code X-Shopify-Hmac-Sha256} = base64 HMAC-SHA256(app secret, raw body). Shopify signs no timestamp,
 * so replay protection rests on deduplication: on {@code X-Shopify-Event-Id}, the same for every retry
 * of one event, falling back to {@code X-Shopify-Webhook-Id}. Topics we do not process are answered 200
 * and ignored, so that Shopify does not retry them and then drop the subscription.
 */
@Component
public class ShopifySource implements WebhookSource {

    static final Set<String> ORDER_TOPICS =
            Set.of("orders/create", "orders/updated", "orders/paid", "orders/cancelled");
    static final String REFUND_TOPIC = "refunds/create";

    private final JsonMapper json;

    public ShopifySource(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String route() {
        return "shopify";
    }

    @Override
    public String name() {
        return "SHOPIFY";
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        return HmacSignatures.matchesBase64(
                HmacSignatures.hmacSha256(credential.secret(), delivery.body()),
                delivery.header("X-Shopify-Hmac-Sha256"));
    }

    @Override
    public Mono<Normalised> normalise(Delivery delivery) {
        return Mono.fromCallable(() -> {
            String topic = delivery.header("X-Shopify-Topic");
            if (topic == null || topic.isBlank()) {
                throw new InvalidWebhookException("missing header X-Shopify-Topic");
            }
            String eventId = delivery.header("X-Shopify-Event-Id");
            String webhookId = delivery.header("X-Shopify-Webhook-Id");
            String deliveryId = eventId != null && !eventId.isBlank() ? eventId : webhookId;
            if (deliveryId == null || deliveryId.isBlank()) {
                throw new InvalidWebhookException("missing header X-Shopify-Event-Id (or X-Shopify-Webhook-Id)");
            }
            if (!ORDER_TOPICS.contains(topic) && !REFUND_TOPIC.equals(topic)) {
                return new Normalised.Acknowledge("ignored");
            }
            JsonNode body = JsonBodies.object(json, delivery.body());
            OrderReported.Builder order = REFUND_TOPIC.equals(topic)
                    ? ShopifyRefundMapper.map(body, delivery.merchantId(), deliveryId, delivery.receivedAt())
                    : ShopifyOrderMapper.map(body, topic, delivery.merchantId(), deliveryId, delivery.receivedAt());
            String dedupeKey = (eventId != null && !eventId.isBlank() ? "event:" : "webhook:") + deliveryId;
            return Normalised.Publish.order(delivery, dedupeKey, order);
        });
    }
}
