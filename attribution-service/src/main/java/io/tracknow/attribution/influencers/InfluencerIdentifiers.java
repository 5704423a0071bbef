package io.tracknow.attribution.influencers;

import io.tracknow.web.ApiProblem;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Changes what identifies an influencer, refusing (409) an identifier that already identifies
 * another influencer of the same merchant (a promo code also against the merchant's short codes),
 * so that a hint can never point at two people.
 */
@Component
class InfluencerIdentifiers {

    private final InfluencerDirectory directory;
    private final ShortCodeOwners links;
    private final TransactionalOperator transactions;

    InfluencerIdentifiers(InfluencerDirectory directory, ShortCodeOwners links, TransactionalOperator transactions) {
        this.directory = directory;
        this.links = links;
        this.transactions = transactions;
    }

    /** The influencer's TikTok creator ids become exactly these. */
    Mono<Void> replaceCreatorIds(Influencer influencer, List<String> creatorIds) {
        Mono<Void> work = directory
                .unlinkCreatorIds(influencer.id())
                .thenMany(Flux.fromIterable(creatorIds)
                        .concatMap(creatorId -> directory
                                .byCreatorId(influencer.merchantId(), creatorId)
                                .filter(owner -> !owner.equals(influencer.id()))
                                .flatMap(owner -> Mono.<Void>error(conflict(
                                        "TikTok creator id " + creatorId + " already belongs to influencer " + owner)))
                                .then(directory.linkCreatorId(influencer.merchantId(), creatorId, influencer.id()))))
                .then();
        return transactions.transactional(work);
    }

    /**
     * Registers a promo code. A code spelled like a tracking-link short code of another influencer of
     * the merchant is refused too: the chain tries promo codes before short codes, so it would take
     * that influencer's orders. (Link creation skips a short code spelled like a promo code, so the
     * two cannot collide from the other side either.)
     */
    Mono<Void> addPromoCode(Influencer influencer, String code) {
        return links.influencerOf(influencer.merchantId(), code)
                .filter(owner -> !owner.equals(influencer.id()))
                .flatMap(owner -> Mono.<Void>error(
                        conflict("promo code " + code + " is the tracking-link short code of influencer " + owner)))
                .then(Mono.defer(() -> register(influencer, code)));
    }

    private Mono<Void> register(Influencer influencer, String code) {
        return directory
                .addPromoCode(influencer.merchantId(), code, influencer.id())
                .flatMap(added -> added
                        ? Mono.<Void>empty()
                        : directory
                                .byPromoCode(influencer.merchantId(), code)
                                .flatMap(owner -> owner.equals(influencer.id())
                                        ? Mono.<Void>empty()
                                        : Mono.error(conflict(
                                                "promo code " + code + " already belongs to influencer " + owner))));
    }

    private static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "identifier-taken", "Conflict", detail);
    }
}
