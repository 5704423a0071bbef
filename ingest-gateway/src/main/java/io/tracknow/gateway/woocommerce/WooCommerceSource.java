package io.tracknow.gateway.woocommerce;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.intake.Normalised;
import io.tracknow.gateway.intake.WebhookSource;
import io.tracknow.gateway.signature.HmacSignatures;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * WooCommerce webhooks (https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks): header
 * {@code X-WC-Webhook-Signature} = base64 HMAC-SHA256(webhook secret, raw body). When a webhook is
 * created WooCommerce posts an unsigned form body {@code webhook_id=N}: answered 200, nothing published.
 * {@code X-WC-Webhook-Delivery-ID} changes on every retry, so a delivery is deduplicated on the order's
 * natural key: order id + status + date modified.
 */
@Component
public class WooCommerceSource implements WebhookSource {

    private static final Pattern PING = Pattern.compile("webhook_id=\\d+");

    private final JsonMapper json;

    public WooCommerceSource(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String route() {
        return "woocommerce";
    }

    @Override
    public String name() {
        return "WOOCOMMERCE";
    }

    @Override
    public Set<MediaType> contentTypes() {
        return Set.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED);
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        if (isPing(delivery)) {
            return true; // unsigned by WooCommerce; it publishes nothing, so nothing is trusted from it
        }
        return HmacSignatures.matchesBase64(
                HmacSignatures.hmacSha256(credential.secret(), delivery.body()),
                delivery.header("X-WC-Webhook-Signature"));
    }

    @Override
    public Mono<Normalised> normalise(Delivery delivery) {
        return Mono.fromCallable(() -> {
            if (isPing(delivery)) {
                return new Normalised.Acknowledge("ping");
            }
            if (!MediaType.APPLICATION_JSON.isCompatibleWith(delivery.contentType())) {
                throw new InvalidWebhookException("a form body is accepted only as the creation ping webhook_id=N");
            }
            OrderReported.Builder order = WooOrderMapper.map(
                    JsonBodies.object(json, delivery.body()),
                    delivery.merchantId(),
                    delivery.header("X-WC-Webhook-Delivery-ID"),
                    delivery.receivedAt());
            String dedupeKey = "order:" + order.getExternalOrderId() + ":" + order.getPlatformStatus() + ":"
                    + order.getOccurredAt().toEpochMilli();
            return Normalised.Publish.order(delivery, dedupeKey, order);
        });
    }

    private static boolean isPing(Delivery delivery) {
        return MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(delivery.contentType())
                && PING.matcher(new String(delivery.body(), StandardCharsets.UTF_8).trim())
                        .matches();
    }
}
