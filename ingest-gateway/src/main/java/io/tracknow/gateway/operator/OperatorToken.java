package io.tracknow.gateway.operator;

import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.messaging.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The operator API (/admin/**) answers only to {@code Authorization: Bearer <tracknow.gateway.admin-token>},
 * compared in constant time. With no token configured the operator API refuses everyone.
 */
@Component
public class OperatorToken {

    private final byte[] expected;

    public OperatorToken(GatewayProperties properties) {
        String token = properties.adminToken();
        this.expected = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws ApiProblem 401 unless the header carries the operator token
     */
    public void require(String authorization) {
        String prefix = "Bearer ";
        boolean ok = expected != null && authorization != null && authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                && MessageDigest.isEqual(expected, authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "operator-unauthorized", "Operator token required",
                    expected == null ? "the operator API is disabled: no tracknow.gateway.admin-token is configured"
                            : "send Authorization: Bearer <operator token>",
                    Map.of("WWW-Authenticate", "Bearer realm=\"tracknow-gateway-admin\""));
        }
    }
}
