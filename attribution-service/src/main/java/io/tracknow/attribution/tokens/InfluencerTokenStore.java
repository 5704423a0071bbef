package io.tracknow.attribution.tokens;

import io.tracknow.events.accesstokens.AccessTokenEvent;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Influencer tokens as rows (digest only) and as events: every issue and every revocation writes the
 * row and its {@code access-tokens.v1} event in one transaction, so the services' replicas learn exactly
 * what this table says.
 */
@Repository
class InfluencerTokenStore {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator transactions;

    InfluencerTokenStore(DatabaseClient db, Outbox outbox, TransactionalOperator transactions) {
        this.db = db;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** A token as listed: never its secret, nor its digest. */
    record IssuedToken(String tokenId, String influencerId, Instant issuedAt, Instant revokedAt) {}

    private record Stored(String sha256, Instant revokedAt) {}

    Mono<Void> issue(String tokenId, String influencerId, String sha256, Instant issuedAt) {
        Mono<Void> work = db.sql("INSERT INTO influencer_tokens (token_id, influencer_id, token_sha256, issued_at)"
                        + " VALUES (:id, :influencer, :sha, :at)")
                .bind("id", tokenId)
                .bind("influencer", influencerId)
                .bind("sha", sha256)
                .bind("at", issuedAt)
                .fetch()
                .rowsUpdated()
                .then(outbox.add(Topics.ACCESS_TOKENS, event(tokenId, influencerId, sha256, issuedAt, null)));
        return transactions.transactional(work);
    }

    Flux<IssuedToken> forInfluencer(String influencerId) {
        return db.sql("SELECT token_id, influencer_id, issued_at, revoked_at FROM influencer_tokens"
                        + " WHERE influencer_id = :influencer ORDER BY issued_at, token_id")
                .bind("influencer", influencerId)
                .map(row -> new IssuedToken(
                        row.get("token_id", String.class),
                        row.get("influencer_id", String.class),
                        row.get("issued_at", Instant.class),
                        row.get("revoked_at", Instant.class)))
                .all();
    }

    /**
     * Revokes the influencer's token; revoking it again changes nothing and publishes nothing.
     *
     * @return false when the influencer has no token with this id
     */
    Mono<Boolean> revoke(String influencerId, String tokenId, Instant at) {
        Mono<Boolean> work = db.sql("SELECT token_sha256, revoked_at FROM influencer_tokens"
                        + " WHERE token_id = :id AND influencer_id = :influencer FOR UPDATE")
                .bind("id", tokenId)
                .bind("influencer", influencerId)
                .map(row -> new Stored(row.get("token_sha256", String.class), row.get("revoked_at", Instant.class)))
                .one()
                .flatMap(stored -> stored.revokedAt() != null
                        ? Mono.just(true)
                        : db.sql("UPDATE influencer_tokens SET revoked_at = :at WHERE token_id = :id")
                                .bind("at", at)
                                .bind("id", tokenId)
                                .fetch()
                                .rowsUpdated()
                                .then(outbox.add(
                                        Topics.ACCESS_TOKENS, event(tokenId, influencerId, stored.sha256(), at, at)))
                                .thenReturn(true))
                .defaultIfEmpty(false);
        return transactions.transactional(work);
    }

    private static AccessTokenEvent event(
            String tokenId, String influencerId, String sha256, Instant at, Instant revokedAt) {
        return AccessTokenEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setTokenId(tokenId)
                .setInfluencerId(influencerId)
                .setTokenSha256(sha256)
                .setRevokedAt(revokedAt)
                .build();
    }
}
