package io.tracknow.attribution.access;

import io.tracknow.attribution.config.AttributionProperties;
import io.tracknow.messaging.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may manage influencers, codes and links: the operator's token may act for every merchant, a
 * merchant's token only for that merchant. Tokens come from configuration (the environment in
 * production) and are compared in constant time. No token configured means no access.
 */
@Component
public class ApiTokens {

    private final AttributionProperties.Api api;

    public ApiTokens(AttributionProperties properties) {
        this.api = properties.api();
    }

    /**
     * @param authorization the request's Authorization header
     * @throws ApiProblem 401 without a known bearer token, 403 when the token is another merchant's
     */
    public void require(String authorization, String merchantId) {
        String token = bearer(authorization);
        if (matches(api.operatorToken(), token)) {
            return;
        }
        String own = api.merchantTokens().get(merchantId);
        if (matches(own, token)) {
            return;
        }
        boolean someMerchant = api.merchantTokens().values().stream().anyMatch(t -> matches(t, token));
        if (someMerchant) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "this token may not manage merchant " + merchantId);
        }
        throw unauthorized("unknown bearer token");
    }

    /**
     * Checks only that the token is one of ours (401 otherwise), before a resource's merchant is known.
     *
     * @return who the token speaks for, to decide once the resource's merchant is known
     */
    public Caller authenticate(String authorization) {
        String token = bearer(authorization);
        boolean operator = matches(api.operatorToken(), token);
        Set<String> merchants = api.merchantTokens().entrySet().stream().filter(e -> matches(e.getValue(), token))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
        if (!operator && merchants.isEmpty()) {
            throw unauthorized("unknown bearer token");
        }
        return new Caller(operator, merchants);
    }

    /** A known token: the operator's, or the merchant(s) it was configured for. */
    public record Caller(boolean operator, Set<String> merchants) {

        public boolean mayActFor(String merchantId) {
            return operator || merchants.contains(merchantId);
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw unauthorized("an Authorization: Bearer <token> header is required");
        }
        return authorization.substring(7).trim();
    }

    private static boolean matches(String expected, String given) {
        return expected != null && !expected.isBlank() && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail,
                Map.of("WWW-Authenticate", "Bearer"));
    }
}
