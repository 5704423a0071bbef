package io.tracknow.commission.ledger;

import static io.tracknow.commission.ledger.Account.COLLECTED;
import static io.tracknow.commission.ledger.Account.INFLUENCER_AVAILABLE;
import static io.tracknow.commission.ledger.Account.INFLUENCER_PENDING;
import static io.tracknow.commission.ledger.Account.MERCHANT_PAYABLE;
import static io.tracknow.commission.ledger.Account.PAID_OUT;

import io.tracknow.web.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Balances and statements, computed from the ledger's postings alone. An influencer's are the
 * operator's and the influencer's own (influencer token); a merchant's the operator's and the merchant's. An influencer's available
 * balance may be negative after a clawback; later commissions make it up.
 */
@RestController
class BalanceController {

    private static final List<Account> INFLUENCER = List.of(INFLUENCER_PENDING, INFLUENCER_AVAILABLE, PAID_OUT);

    private final Ledger ledger;

    BalanceController(Ledger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/influencers/{influencerId}/balances")
    Mono<InfluencerBalances> influencer(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return ledger.sums(influencerId, INFLUENCER)
                .map(byCurrency -> new InfluencerBalances(
                        influencerId,
                        byCurrency.entrySet().stream()
                                .map(e -> new InfluencerBalance(
                                        e.getKey(),
                                        shown(e.getValue(), INFLUENCER_PENDING),
                                        shown(e.getValue(), INFLUENCER_AVAILABLE),
                                        shown(e.getValue(), PAID_OUT)))
                                .toList()));
    }

    @GetMapping("/api/influencers/{influencerId}/statement")
    Mono<Statement> influencerStatement(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return ledger.statement(influencerId, INFLUENCER)
                .collectList()
                .map(lines -> new Statement(influencerId, lines));
    }

    @GetMapping("/api/merchants/{merchantId}/balance")
    Mono<MerchantBalance> merchant(Caller caller, @PathVariable String merchantId) {
        caller.requireMerchant(merchantId);
        return ledger.sums(merchantId, List.of(MERCHANT_PAYABLE, COLLECTED))
                .map(byCurrency -> new MerchantBalance(
                        merchantId, perCurrency(byCurrency, MERCHANT_PAYABLE), perCurrency(byCurrency, COLLECTED)));
    }

    @GetMapping("/api/merchants/{merchantId}/statement")
    Mono<Statement> merchantStatement(Caller caller, @PathVariable String merchantId) {
        caller.requireMerchant(merchantId);
        return ledger.statement(merchantId, List.of(MERCHANT_PAYABLE))
                .collectList()
                .map(lines -> new Statement(merchantId, lines));
    }

    private static Map<String, Long> perCurrency(Map<String, Map<Account, Long>> byCurrency, Account account) {
        Map<String, Long> result = new TreeMap<>();
        byCurrency.forEach((currency, sums) -> result.put(currency, shown(sums, account)));
        return result;
    }

    private static long shown(Map<Account, Long> sums, Account account) {
        return account.shown(sums.getOrDefault(account, 0L));
    }

    /** Minor units of {@code currency}. */
    record InfluencerBalance(String currency, long pendingMinor, long availableMinor, long paidMinor) {}

    record InfluencerBalances(String influencerId, List<InfluencerBalance> balances) {}

    /**
     * @param owedMinorByCurrency      what the merchant owes in commissions, per ISO currency (negative: in credit)
     * @param collectedMinorByCurrency what the merchant has paid in
     */
    record MerchantBalance(
            String merchantId, Map<String, Long> owedMinorByCurrency, Map<String, Long> collectedMinorByCurrency) {}

    record Statement(String ownerId, List<StatementLine> entries) {}
}
