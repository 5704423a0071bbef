package io.tracknow.web.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.events.accesstokens.AccessTokenEvent;
import io.tracknow.web.auth.TokenDigest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessTokenReplicaTest {

    private final AccessTokenReplica replica = new AccessTokenReplica(null, "access-tokens.v1");

    @Test
    void aTokenIsLiveFromItsIssueUntilItsRevocation() {
        String sha = TokenDigest.sha256Hex("tnk_one");
        replica.apply(event("tok-1", "inf-1", sha, null));
        assertThat(replica.influencerFor(sha)).contains("inf-1");
        assertThat(replica.influencerFor(TokenDigest.sha256Hex("tnk_other"))).isEmpty();

        replica.apply(event("tok-1", "inf-1", sha, Instant.now()));
        assertThat(replica.influencerFor(sha)).isEmpty();
    }

    @Test
    void revokingOneTokenLeavesTheInfluencersOtherTokensLive() {
        String first = TokenDigest.sha256Hex("tnk_first");
        String second = TokenDigest.sha256Hex("tnk_second");
        replica.apply(event("tok-a", "inf-2", first, null));
        replica.apply(event("tok-b", "inf-2", second, null));
        replica.apply(event("tok-a", "inf-2", first, Instant.now()));
        assertThat(replica.influencerFor(first)).isEmpty();
        assertThat(replica.influencerFor(second)).contains("inf-2");
    }

    @Test
    void anIssueReadAgainKeepsTheTokenLive() {
        String sha = TokenDigest.sha256Hex("tnk_again");
        replica.apply(event("tok-c", "inf-3", sha, null));
        replica.apply(event("tok-c", "inf-3", sha, null));
        assertThat(replica.influencerFor(sha)).contains("inf-3");
    }

    @Test
    void isNotCaughtUpBeforeItHasReadTheTopic() {
        assertThat(replica.caughtUp()).isFalse();
        assertThat(new ReplicaHealth(replica).health().getStatus().getCode()).isEqualTo("DOWN");
    }

    private static AccessTokenEvent event(String tokenId, String influencerId, String sha, Instant revokedAt) {
        return AccessTokenEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setTokenId(tokenId)
                .setInfluencerId(influencerId)
                .setTokenSha256(sha)
                .setRevokedAt(revokedAt)
                .build();
    }
}
