package io.tracknow.attribution.tokens;

import io.tracknow.attribution.access.Invalid;
import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import io.tracknow.web.auth.TokenDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operator issues, lists and revokes influencers' API tokens. A token is {@code tnk_} and 32 random
 * bytes (base64url), shown once in the answer to its issue; only its SHA-256 is kept and published, so
 * neither this database nor the topic can give it back. Every service checks it against its own copy of
 * {@code access-tokens.v1}; a revocation takes effect there when its event arrives.
 */
@RestController
class InfluencerTokenController {

    static final String PREFIX = "tnk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InfluencerTokenStore store;
    private final InfluencerDirectory influencers;
    private final Clock clock;

    InfluencerTokenController(InfluencerTokenStore store, InfluencerDirectory influencers, Clock clock) {
        this.store = store;
        this.influencers = influencers;
        this.clock = clock;
    }

    /** The answer to an issue: the only time the token itself is shown. */
    record NewToken(String tokenId, String token, String influencerId, Instant issuedAt) {}

    @PostMapping("/api/influencers/{influencerId}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<NewToken> issue(Caller caller, @PathVariable String influencerId) {
        caller.requireOperator();
        String id = Invalid.identifier(influencerId, "influencerId", 1, 100);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String tokenId = "tok-" + UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return known(id)
                .then(store.issue(tokenId, id, TokenDigest.sha256Hex(token), now))
                .thenReturn(new NewToken(tokenId, token, id, now));
    }

    @GetMapping("/api/influencers/{influencerId}/tokens")
    Mono<List<InfluencerTokenStore.IssuedToken>> list(Caller caller, @PathVariable String influencerId) {
        caller.requireOperator();
        String id = Invalid.identifier(influencerId, "influencerId", 1, 100);
        return known(id).then(store.forInfluencer(id).collectList());
    }

    @DeleteMapping("/api/influencers/{influencerId}/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(Caller caller, @PathVariable String influencerId, @PathVariable String tokenId) {
        caller.requireOperator();
        String id = Invalid.identifier(influencerId, "influencerId", 1, 100);
        String token = Invalid.identifier(tokenId, "tokenId", 1, 100);
        return store.revoke(id, token, clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .flatMap(found -> found
                        ? Mono.<Void>empty()
                        : Mono.error(
                                ApiProblem.notFound("unknown-token", "influencer " + id + " has no token " + token)));
    }

    private Mono<Void> known(String influencerId) {
        return influencers
                .find(influencerId)
                .switchIfEmpty(
                        Mono.error(() -> ApiProblem.notFound("unknown-influencer", "no influencer " + influencerId)))
                .then();
    }
}
