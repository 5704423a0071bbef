package io.tracknow.payment.payouts;

import io.tracknow.events.payments.PaymentKind;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.web.auth.Caller;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An influencer's payout accounts and payouts: the influencer's own token or the operator's. Numbers
 * and IBANs are shown back with all but their last four characters hidden.
 */
@RestController
class PayoutAccountController {

    private static final Logger log = LoggerFactory.getLogger(PayoutAccountController.class);

    private final PayoutAccounts accounts;
    private final Journal journal;
    private final Clock clock;

    PayoutAccountController(PayoutAccounts accounts, Journal journal, Clock clock) {
        this.accounts = accounts;
        this.journal = journal;
        this.clock = clock;
    }

    @PutMapping("/api/influencers/{influencerId}/payout-account")
    Mono<PayoutAccount> put(
            Caller caller,
            @PathVariable String influencerId,
            @RequestBody(required = false) PayoutAccount.Request request) {
        caller.requireInfluencer(influencerId);
        PayoutAccount account = PayoutAccount.of(influencerId, request, clock.instant());
        return accounts.save(account)
                .map(PayoutAccount::masked)
                .doOnNext(saved -> log.info(
                        "{} set influencer {}'s {} payout account: {} {}",
                        caller.actor(),
                        influencerId,
                        saved.currency(),
                        saved.method(),
                        saved.provider() == null ? "" : saved.provider()));
    }

    @GetMapping("/api/influencers/{influencerId}/payout-accounts")
    Mono<List<PayoutAccount>> list(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return accounts.of(influencerId).map(PayoutAccount::masked).collectList();
    }

    @GetMapping("/api/influencers/{influencerId}/payouts")
    Mono<List<Transaction>> payouts(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return journal.of(PaymentKind.INFLUENCER_PAYOUT, influencerId, 200).collectList();
    }
}
