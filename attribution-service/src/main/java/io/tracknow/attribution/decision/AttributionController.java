package io.tracknow.attribution.decision;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Why an order went to whom: the stored decision(s) for an order id (one per shop source). Only the
 * operator and the order's own merchant may read them (bearer token, as the management API); the
 * token is checked before the order is looked up, so another merchant's token learns nothing about
 * which orders exist.
 */
@RestController
class AttributionController {

    private final DecisionStore decisions;

    AttributionController(DecisionStore decisions) {
        this.decisions = decisions;
    }

    @GetMapping("/api/attributions/{merchantId}/{orderId}")
    Mono<List<Decision>> decision(Caller caller, @PathVariable String merchantId, @PathVariable String orderId) {
        caller.requireMerchant(merchantId);
        return decisions.forOrder(merchantId, orderId).collectList().map(found -> {
            if (found.isEmpty()) {
                throw ApiProblem.notFound(
                        "unknown-order", "no attribution decision for order " + orderId + " of merchant " + merchantId);
            }
            return found;
        });
    }
}
