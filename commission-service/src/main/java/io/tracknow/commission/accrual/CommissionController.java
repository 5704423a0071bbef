package io.tracknow.commission.accrual;

import io.tracknow.commission.ledger.Account;
import io.tracknow.commission.ledger.Ledger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** An influencer's commissions, newest first, with the pending total per currency (from the ledger). */
@RestController
class CommissionController {

    private final CommissionStore store;
    private final Ledger ledger;

    CommissionController(CommissionStore store, Ledger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    @GetMapping("/api/influencers/{influencerId}/commissions")
    Mono<Statement> commissions(@PathVariable String influencerId) {
        Mono<Map<String, Long>> pending = ledger.sums(influencerId, List.of(Account.INFLUENCER_PENDING))
                .map(byCurrency -> {
                    Map<String, Long> shown = new TreeMap<>();
                    byCurrency.forEach((currency, sums) -> shown.put(currency,
                            Account.INFLUENCER_PENDING.shown(sums.getOrDefault(Account.INFLUENCER_PENDING, 0L))));
                    return shown;
                });
        return Mono.zip(pending, store.forInfluencer(influencerId).collectList())
                .map(t -> new Statement(influencerId, t.getT1(), t.getT2()));
    }

    /** @param pendingMinorByCurrency minor units per ISO currency */
    record Statement(String influencerId, Map<String, Long> pendingMinorByCurrency, List<Commission> commissions) {
    }
}
