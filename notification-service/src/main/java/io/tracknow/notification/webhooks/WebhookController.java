package io.tracknow.notification.webhooks;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An influencer's webhook endpoint (operator's or the influencer's own token). Registering answers the
 * signing secret once; registering again rotates it and re-activates a disabled endpoint. A URL that
 * resolves to a private, loopback or link-local address is refused with 400.
 */
@RestController
class WebhookController {

    private final WebhookEndpoints endpoints;
    private final UrlGuard guard;

    WebhookController(WebhookEndpoints endpoints, UrlGuard guard) {
        this.endpoints = endpoints;
        this.guard = guard;
    }

    record Registration(String url) {}

    @PutMapping("/api/influencers/{influencerId}/webhook")
    Mono<Map<String, Object>> register(
            Caller caller, @PathVariable String influencerId, @RequestBody Registration body) {
        caller.requireInfluencer(influencerId);
        String url = body.url() == null ? "" : body.url().trim();
        if (url.isEmpty() || url.length() > 2000) {
            throw refused("url is required (at most 2000 characters)");
        }
        return Mono.fromCallable(() -> guard.refusal(url))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> {
                    if (refusal.isPresent()) {
                        return Mono.error(refused(refusal.get()));
                    }
                    return endpoints
                            .register(influencerId, url, WebhookSignature.newSecret())
                            .map(endpoint -> {
                                Map<String, Object> view = view(endpoint);
                                view.put("secret", endpoint.secret());
                                return view;
                            });
                });
    }

    @GetMapping("/api/influencers/{influencerId}/webhook")
    Mono<Map<String, Object>> get(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return endpoints
                .find(influencerId)
                .map(WebhookController::view)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no-webhook", "no webhook is registered")));
    }

    @DeleteMapping("/api/influencers/{influencerId}/webhook")
    Mono<ResponseEntity<Void>> delete(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return endpoints
                .delete(influencerId)
                .map(deleted -> deleted
                        ? ResponseEntity.noContent().build()
                        : ResponseEntity.notFound().build());
    }

    private static ApiProblem refused(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "webhook-url-refused", "Invalid request", detail);
    }

    private static Map<String, Object> view(Endpoint endpoint) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("influencerId", endpoint.influencerId());
        view.put("url", endpoint.url());
        view.put("status", endpoint.active() ? "ACTIVE" : "DISABLED");
        view.put("consecutiveFailures", endpoint.consecutiveFailures());
        view.put(
                "disabledReason", Optional.ofNullable(endpoint.disabledReason()).orElse(null));
        view.put(
                "disabledAt",
                endpoint.disabledAt() == null ? null : endpoint.disabledAt().toString());
        return view;
    }
}
