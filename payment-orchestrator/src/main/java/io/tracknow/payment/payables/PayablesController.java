package io.tracknow.payment.payables;

import io.tracknow.web.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** What a merchant owes, per currency, and for which commissions: the operator's or the merchant's own (bearer token). */
@RestController
class PayablesController {

    private final Payables payables;

    PayablesController(Payables payables) {
        this.payables = payables;
    }

    @GetMapping("/api/merchants/{merchantId}/payables")
    Mono<Owed> owed(Caller caller, @PathVariable String merchantId) {
        caller.requireMerchant(merchantId);
        // one query after the other: a zip would cancel the second query in flight if the first failed,
        // and a cancelled in-flight query can leave its pooled connection unusable
        return payables.forMerchant(merchantId)
                .collectList()
                .flatMap(accrued -> payables.reversedByCurrency(merchantId).map(reversed -> {
                    Map<String, Long> totals = new TreeMap<>();
                    accrued.forEach(p -> totals.merge(p.currency(), p.totalMinor(), Math::addExact));
                    reversed.forEach((currency, minor) -> totals.merge(currency, -minor, Math::addExact));
                    return new Owed(merchantId, totals, new TreeMap<>(reversed), accrued);
                }));
    }

    /**
     * @param owedMinorByCurrency     accrued less reversed, minor units per ISO currency
     * @param reversedMinorByCurrency taken back by cancellations, refunds and clawbacks
     */
    record Owed(
            String merchantId,
            Map<String, Long> owedMinorByCurrency,
            Map<String, Long> reversedMinorByCurrency,
            List<Payable> payables) {}
}
