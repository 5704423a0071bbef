package io.tracknow.gateway.shopify;

import io.tracknow.gateway.intake.WebhookIntake;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /webhooks/shopify/{merchantId}}: Shopify order and refund webhooks, through the common intake. */
@RestController
public class ShopifyWebhookController {

    private final WebhookIntake intake;
    private final ShopifySource source;

    public ShopifyWebhookController(WebhookIntake intake, ShopifySource source) {
        this.intake = intake;
        this.source = source;
    }

    @PostMapping(path = "/webhooks/shopify/{merchantId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> receive(@PathVariable String merchantId, ServerHttpRequest request) {
        return intake.receive(source, merchantId, request);
    }
}
