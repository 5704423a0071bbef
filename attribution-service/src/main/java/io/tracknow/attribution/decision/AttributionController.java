package io.tracknow.attribution.decision;

import io.tracknow.messaging.web.ApiProblem;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Why an order went to whom: the stored decision(s) for an order id (one per shop source). */
@RestController
class AttributionController {

    private final DecisionStore decisions;

    AttributionController(DecisionStore decisions) {
        this.decisions = decisions;
    }

    @GetMapping("/api/attributions/{merchantId}/{orderId}")
    Mono<List<Decision>> decision(@PathVariable String merchantId, @PathVariable String orderId) {
        return decisions.forOrder(merchantId, orderId).collectList()
                .map(found -> {
                    if (found.isEmpty()) {
                        throw ApiProblem.notFound("unknown-order", "no attribution decision for order " + orderId
                                + " of merchant " + merchantId);
                    }
                    return found;
                });
    }
}
