package io.tracknow.commission.accrual;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** An influencer's commissions, newest first, with the pending total per currency. */
@RestController
class CommissionController {

    private final CommissionStore store;

    CommissionController(CommissionStore store) {
        this.store = store;
    }

    @GetMapping("/api/influencers/{influencerId}/commissions")
    Mono<Statement> commissions(@PathVariable String influencerId) {
        return store.forInfluencer(influencerId).collectList().map(list -> {
            Map<String, Long> pending = new TreeMap<>();
            list.stream().filter(c -> "PENDING".equals(c.status()))
                    .forEach(c -> pending.merge(c.currency(), c.influencerMinor(), Math::addExact));
            return new Statement(influencerId, pending, list);
        });
    }

    /** @param pendingMinorByCurrency minor units per ISO currency */
    record Statement(String influencerId, Map<String, Long> pendingMinorByCurrency, List<Commission> commissions) {
    }
}
