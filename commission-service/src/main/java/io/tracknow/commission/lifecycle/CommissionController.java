package io.tracknow.commission.lifecycle;

import io.tracknow.commission.ledger.Account;
import io.tracknow.commission.ledger.Ledger;
import io.tracknow.web.auth.Caller;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An influencer's commissions (the operator's or the influencer's own token), newest first, with the pending total per currency (from the ledger). The
 * two queries run one after the other, never raced (see the comment in {@link #commissions}).
 */
@RestController
class CommissionController {

    private final CommissionStore store;
    private final Ledger ledger;

    CommissionController(CommissionStore store, Ledger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    @GetMapping("/api/influencers/{influencerId}/commissions")
    Mono<Statement> commissions(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        Mono<Map<String, Long>> pending = ledger.sums(influencerId, List.of(Account.INFLUENCER_PENDING))
                .map(byCurrency -> {
                    Map<String, Long> shown = new TreeMap<>();
                    byCurrency.forEach((currency, sums) -> shown.put(
                            currency,
                            Account.INFLUENCER_PENDING.shown(sums.getOrDefault(Account.INFLUENCER_PENDING, 0L))));
                    return shown;
                });
        // one query after the other: Mono.zip cancels the other in-flight query when one fails, and a
        // cancelled r2dbc-postgresql query can leave its pooled connection unusable
        return pending.flatMap(byCurrency -> store.forInfluencer(influencerId)
                .collectList()
                .map(list -> new Statement(
                        influencerId, byCurrency, list.stream().map(View::of).toList())));
    }

    /** @param pendingMinorByCurrency minor units per ISO currency */
    record Statement(String influencerId, Map<String, Long> pendingMinorByCurrency, List<View> commissions) {}

    /** A commission as the API shows it: amounts as minor units of {@code currency} (docs/commission-service.md). */
    record View(
            UUID id,
            String merchantId,
            String source,
            String externalOrderId,
            String influencerId,
            String currency,
            long saleTotalMinor,
            BigDecimal influencerRatePercent,
            BigDecimal platformRatePercent,
            long influencerMinor,
            long platformMinor,
            long merchantNetMinor,
            CommissionStatus status,
            Instant accruedAt,
            Instant holdUntil,
            int planVersion,
            long reversedInfluencerMinor,
            long reversedPlatformMinor,
            long paidInfluencerMinor,
            Instant validatedAt) {

        static View of(Commission c) {
            return new View(
                    c.id(),
                    c.merchantId(),
                    c.source(),
                    c.externalOrderId(),
                    c.influencerId(),
                    c.currency(),
                    c.saleTotalMinor(),
                    c.influencerRatePercent(),
                    c.platformRatePercent(),
                    c.influencerMinor(),
                    c.platformMinor(),
                    c.merchantNetMinor(),
                    c.status(),
                    c.accruedAt(),
                    c.holdUntil(),
                    c.planVersion(),
                    c.reversedInfluencerMinor(),
                    c.reversedPlatformMinor(),
                    c.paidInfluencerMinor(),
                    c.validatedAt());
        }
    }
}
