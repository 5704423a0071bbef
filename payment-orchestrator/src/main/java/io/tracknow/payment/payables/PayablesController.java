package io.tracknow.payment.payables;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** What a merchant owes, per currency, and for which commissions. */
@RestController
class PayablesController {

    private final Payables payables;

    PayablesController(Payables payables) {
        this.payables = payables;
    }

    @GetMapping("/api/merchants/{merchantId}/payables")
    Mono<Owed> owed(@PathVariable String merchantId) {
        return payables.forMerchant(merchantId).collectList()
                .zipWith(payables.reversedByCurrency(merchantId))
                .map(both -> {
                    Map<String, Long> totals = new TreeMap<>();
                    both.getT1().forEach(p -> totals.merge(p.currency(), p.totalMinor(), Math::addExact));
                    both.getT2().forEach((currency, reversed) -> totals.merge(currency, -reversed, Math::addExact));
                    return new Owed(merchantId, totals, new TreeMap<>(both.getT2()), both.getT1());
                });
    }

    /**
     * @param owedMinorByCurrency     accrued less reversed, minor units per ISO currency
     * @param reversedMinorByCurrency taken back by cancellations, refunds and clawbacks
     */
    record Owed(String merchantId, Map<String, Long> owedMinorByCurrency, Map<String, Long> reversedMinorByCurrency,
                List<Payable> payables) {
    }
}
