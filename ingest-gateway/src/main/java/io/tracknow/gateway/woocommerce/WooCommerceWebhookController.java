package io.tracknow.gateway.woocommerce;

import io.tracknow.gateway.intake.WebhookIntake;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /webhooks/woocommerce/{merchantId}}: WooCommerce order webhooks and the creation ping, through the common intake. */
@RestController
public class WooCommerceWebhookController {

    private final WebhookIntake intake;
    private final WooCommerceSource source;

    public WooCommerceWebhookController(WebhookIntake intake, WooCommerceSource source) {
        this.intake = intake;
        this.source = source;
    }

    @PostMapping(path = "/webhooks/woocommerce/{merchantId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> receive(@PathVariable String merchantId, ServerHttpRequest request) {
        return intake.receive(source, merchantId, request);
    }
}
