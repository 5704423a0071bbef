package io.tracknow.web.auth;

import java.util.Optional;

/**
 * The influencer tokens a service accepts, looked up by their SHA-256 (hex). A service that answers
 * influencers' calls gets the replica of {@code access-tokens.v1} ({@code @EnableInfluencerTokens});
 * the others accept none.
 */
public interface InfluencerTokens {

    InfluencerTokens NONE = sha256 -> Optional.empty();

    /** @return the influencer a live (issued, not revoked) token with this digest speaks for */
    Optional<String> influencerFor(String tokenSha256Hex);
}
