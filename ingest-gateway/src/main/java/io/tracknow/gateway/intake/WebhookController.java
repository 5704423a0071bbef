package io.tracknow.gateway.intake;

import io.tracknow.web.ApiProblem;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /webhooks/{source}/{merchantId}}, the one webhook route: shops ({@code tiktok}, {@code shopify},
 * {@code woocommerce}) and payment providers ({@code payments/{provider}}) alike, resolved through
 * {@link WebhookSources} and taken by {@link WebhookIntake}. A path no source posts to is a 404 problem
 * naming the routes there are.
 */
@RestController
public class WebhookController {

    private final WebhookIntake intake;
    private final WebhookSources sources;

    public WebhookController(WebhookIntake intake, WebhookSources sources) {
        this.intake = intake;
        this.sources = sources;
    }

    @PostMapping(path = "/webhooks/**", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> receive(ServerHttpRequest request) {
        List<String> segments = request.getPath().pathWithinApplication().elements().stream()
                .filter(PathContainer.PathSegment.class::isInstance)
                .map(element -> ((PathContainer.PathSegment) element).valueToMatch())
                .toList();
        List<String> below = segments.subList(1, segments.size()); // after "webhooks"
        WebhookSources.Target target = sources.target(below).orElseThrow(() -> unknown(below));
        return intake.receive(target.source(), target.merchantId(), request);
    }

    private ApiProblem unknown(List<String> below) {
        String route = String.join("/", below.subList(0, Math.max(0, below.size() - 1)));
        if (route.startsWith("payments/") || route.equals("payments")) {
            List<String> providers = sources.routes().stream()
                    .filter(r -> r.startsWith("payments/"))
                    .map(r -> r.substring("payments/".length()))
                    .toList();
            String named = route.equals("payments") ? "named" : route.substring("payments/".length());
            return ApiProblem.notFound(
                    "unknown-provider",
                    "no payment provider " + named + "; use one of " + providers
                            + " (POST /webhooks/payments/{provider}/{merchantId})");
        }
        return ApiProblem.notFound(
                "unknown-source",
                "no webhook source at /webhooks/" + String.join("/", below)
                        + "; post to /webhooks/{source}/{merchantId} with a source of " + sources.routes());
    }
}
