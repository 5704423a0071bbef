package io.tracknow.payment.setup;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A merchant's payment set-up: which gateway it is debited through and that gateway's configuration
 * (seed 003's sheet), set by the operator or the merchant itself. A PUT replaces the whole set-up
 * (to rotate a key, PUT the set-up with the new key). Secrets go in and never come back out.
 */
@RestController
class SetupController {

    private static final Logger log = LoggerFactory.getLogger(SetupController.class);

    private final SetupStore store;
    private final Clock clock;

    SetupController(SetupStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @PutMapping("/api/merchants/{merchantId}/payment-setup")
    Mono<View> put(Caller caller, @PathVariable String merchantId, @RequestBody(required = false) JsonNode body) {
        caller.requireMerchant(merchantId);
        Instant now = clock.instant();
        SetupRequest request = SetupRequest.parse(body, now);
        return store.save(merchantId, request, now, caller.actor())
                .doOnNext(
                        saved -> log.info("{} set merchant {}'s payment set-up: {}", caller.actor(), merchantId, saved))
                .map(View::of);
    }

    @GetMapping("/api/merchants/{merchantId}/payment-setup")
    Mono<View> get(Caller caller, @PathVariable String merchantId) {
        caller.requireMerchant(merchantId);
        return store.find(merchantId)
                .map(View::of)
                .switchIfEmpty(Mono.error(() ->
                        ApiProblem.notFound("no-payment-setup", "merchant " + merchantId + " has no payment set-up")));
    }

    /** What the API shows of a set-up: the settings, and only the names of the secrets that are set. */
    record View(
            String merchantId,
            String gateway,
            String currency,
            Map<String, String> settings,
            List<String> secretsSet,
            boolean autoDebitEnabled,
            Instant activatedAt,
            Instant updatedAt,
            String updatedBy) {

        static View of(GatewaySetup setup) {
            return new View(
                    setup.merchantId(),
                    setup.gateway().id(),
                    setup.currency(),
                    setup.settings(),
                    setup.gateway().secrets().stream()
                            .filter(setup.secrets()::containsKey)
                            .toList(),
                    setup.autoDebitEnabled(),
                    setup.activatedAt(),
                    setup.updatedAt(),
                    setup.updatedBy());
        }
    }
}
