package io.tracknow.commission.plans;

import io.tracknow.commission.config.CommissionProperties;
import io.tracknow.messaging.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may change a plan: the operator's bearer token for any merchant, a merchant's own token for that
 * merchant only. Tokens come from configuration (the environment) and are compared in constant time.
 */
@Component
class PlanAccess {

    private final CommissionProperties.Api api;

    PlanAccess(CommissionProperties properties) {
        this.api = properties.api();
    }

    /** @return who is acting ("operator" or "merchant:<id>"); throws 401 or 403 problems otherwise */
    String require(String authorization, String merchantId) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("a bearer token is required");
        }
        String token = authorization.substring(7).trim();
        if (!api.operatorToken().isBlank() && same(token, api.operatorToken())) {
            return "operator";
        }
        for (Map.Entry<String, String> merchant : api.merchantTokens().entrySet()) {
            if (same(token, merchant.getValue())) {
                if (!merchant.getKey().equals(merchantId)) {
                    throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden-merchant", "Forbidden",
                            "this token may only manage merchant " + merchant.getKey() + "'s plan");
                }
                return "merchant:" + merchantId;
            }
        }
        throw unauthorized("the bearer token is not valid");
    }

    private static boolean same(String given, String expected) {
        return !expected.isBlank() && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail,
                Map.of("WWW-Authenticate", "Bearer"));
    }
}
