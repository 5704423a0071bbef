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
        return payables.forMerchant(merchantId).collectList().map(list -> {
            Map<String, Long> totals = new TreeMap<>();
            list.forEach(p -> totals.merge(p.currency(), p.totalMinor(), Math::addExact));
            return new Owed(merchantId, totals, list);
        });
    }

    /** @param owedMinorByCurrency minor units per ISO currency */
    record Owed(String merchantId, Map<String, Long> owedMinorByCurrency, List<Payable> payables) {
    }
}
