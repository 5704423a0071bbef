package io.tracknow.web.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bearer tokens every service accepts ({@code tracknow.api.*}, the same names in every service;
 * secrets from the environment only) and the routes a service serves without a token.
 *
 * @param operatorToken  the operator's token (every owner's data); blank: no operator access
 * @param merchantTokens merchant id to that merchant's token
 * @param publicPaths    path patterns this service serves to anyone (signed webhooks, the redirect), on
 *                       top of the health probes and the Prometheus scrape every service serves
 */
@ConfigurationProperties("tracknow.api")
public record ApiProperties(String operatorToken, Map<String, String> merchantTokens, List<String> publicPaths) {

    public ApiProperties {
        operatorToken = operatorToken == null ? "" : operatorToken.trim();
        merchantTokens = merchantTokens == null ? Map.of() : Map.copyOf(merchantTokens);
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        Set<String> seen = new HashSet<>();
        if (!operatorToken.isEmpty()) {
            seen.add(operatorToken);
        }
        merchantTokens.forEach((merchant, token) -> {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("tracknow.api.merchant-tokens." + merchant + " is blank");
            }
            if (!seen.add(token.trim())) {
                throw new IllegalArgumentException("tracknow.api.merchant-tokens." + merchant
                        + " is also another caller's token; every caller needs its own");
            }
        });
    }
}
