package io.tracknow.web.auth;

import io.tracknow.web.ApiProblem;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Turns an {@code Authorization: Bearer <token>} header into a {@link Caller}: the operator's and the
 * merchants' tokens from {@link ApiProperties}, influencers' tokens from {@link InfluencerTokens}.
 * Configured tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, every one of them
 * each time, so the time taken says nothing about how much of a token was right; influencer tokens are
 * looked up by their digest, which an attacker cannot steer.
 */
public class BearerAuth {

    private static final String PREFIX = "Bearer ";

    private final byte[] operator;
    private final Map<String, byte[]> merchants = new LinkedHashMap<>();
    private final InfluencerTokens influencers;

    public BearerAuth(ApiProperties properties, InfluencerTokens influencers) {
        this.operator = properties.operatorToken().isEmpty() ? null : TokenDigest.sha256(properties.operatorToken());
        properties
                .merchantTokens()
                .forEach((merchant, token) -> merchants.put(merchant, TokenDigest.sha256(token.trim())));
        this.influencers = influencers;
    }

    /**
     * @param authorization the request's Authorization header, or null
     * @throws ApiProblem 401 with {@code WWW-Authenticate: Bearer} without a token, or with one no caller has
     */
    public Caller authenticate(String authorization) {
        String token = bearerToken(authorization);
        if (token == null) {
            throw unauthorized("send Authorization: Bearer <token> (operator, merchant or influencer token)", null);
        }
        return resolve(token).orElseThrow(() -> unauthorized("the bearer token is not valid", "invalid_token"));
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive), or null without one. */
    public static String bearerToken(String authorization) {
        if (authorization == null
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || authorization.substring(PREFIX.length()).isBlank()) {
            return null;
        }
        return authorization.substring(PREFIX.length()).trim();
    }

    private Optional<Caller> resolve(String token) {
        byte[] digest = TokenDigest.sha256(token);
        Caller found = null;
        if (operator != null && MessageDigest.isEqual(operator, digest)) {
            found = Caller.operator();
        }
        for (Map.Entry<String, byte[]> merchant : merchants.entrySet()) {
            if (MessageDigest.isEqual(merchant.getValue(), digest) && found == null) {
                found = Caller.merchant(merchant.getKey());
            }
        }
        if (found != null) {
            return Optional.of(found);
        }
        return influencers.influencerFor(HexFormat.of().formatHex(digest)).map(Caller::influencer);
    }

    /**
     * RFC 6750 section 3: the challenge, with {@code error="invalid_token"} when a token was sent; also the
     * answer of a {@link SeparateBearerRealm}'s filter, so every 401 of a service looks the same.
     */
    public static ApiProblem unauthorized(String detail, String error) {
        String challenge =
                error == null ? "Bearer realm=\"tracknow\"" : "Bearer realm=\"tracknow\", error=\"" + error + "\"";
        return new ApiProblem(
                HttpStatus.UNAUTHORIZED,
                "unauthorized",
                "Unauthorized",
                detail,
                Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }
}
