package io.tracknow.gateway.payments;

import io.tracknow.gateway.intake.WebhookIntake;
import io.tracknow.web.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /webhooks/payments/{provider}/{merchantId}}: payment-provider callbacks into {@code payment-callbacks.v1}. */
@RestController
public class PaymentCallbackController {

    private final WebhookIntake intake;
    private final Map<String, PaymentSource> sources;

    public PaymentCallbackController(WebhookIntake intake, List<PaymentSource> sources) {
        this.intake = intake;
        this.sources = sources.stream().collect(Collectors.toUnmodifiableMap(PaymentSource::provider, Function.identity()));
    }

    @PostMapping(path = "/webhooks/payments/{provider}/{merchantId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> receive(@PathVariable String provider, @PathVariable String merchantId,
                                             ServerHttpRequest request) {
        PaymentSource source = sources.get(provider);
        if (source == null) {
            throw ApiProblem.notFound("unknown-provider", "no payment provider " + provider + "; use one of " + sources.keySet());
        }
        return intake.receive(source, merchantId, request);
    }
}
