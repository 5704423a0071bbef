package io.tracknow.gateway.tiktok;

import io.tracknow.gateway.intake.WebhookIntake;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /webhooks/tiktok/{merchantId}}: TikTok Shop notifications, through the common intake. */
@RestController
public class TikTokWebhookController {

    private final WebhookIntake intake;
    private final TikTokSource source;

    public TikTokWebhookController(WebhookIntake intake, TikTokSource source) {
        this.intake = intake;
        this.source = source;
    }

    @PostMapping(path = "/webhooks/tiktok/{merchantId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> receive(@PathVariable String merchantId, ServerHttpRequest request) {
        return intake.receive(source, merchantId, request);
    }
}
