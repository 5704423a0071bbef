package io.tracknow.payment.collect.keys;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.ProblemWriter;
import io.tracknow.web.auth.BearerAuth;
import io.tracknow.web.auth.SeparateBearerRealm;
import io.tracknow.web.auth.TokenDigest;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * {@code Authorization: Bearer <API key>} on the payments API (seed 004 "Authentification"): the key's
 * SHA-256 must name a key that is not revoked, and the key must have requests left this minute. The
 * platform's own tokens (operator, merchant, influencer) are not keys: they get the same 401 as an unknown
 * key here, and http-api's {@code BearerFilter} leaves these paths to this filter ({@link SeparateBearerRealm}).
 */
public class ApiKeyFilter implements WebFilter, Ordered, SeparateBearerRealm {

    public static final String PATHS = "/api/v1/payments/**";
    private static final PathPattern GUARDED = PathPatternParser.defaultInstance.parse(PATHS);

    private final ApiKeys keys;
    private final RateLimits limits;
    private final ProblemWriter problems;

    public ApiKeyFilter(ApiKeys keys, RateLimits limits, ProblemWriter problems) {
        this.keys = keys;
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    public List<String> pathPatterns() {
        return List.of(PATHS);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!GUARDED.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        String key = BearerAuth.bearerToken(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            return problems.write(
                    exchange, BearerAuth.unauthorized("send Authorization: Bearer <payments API key>", null));
        }
        String digest = TokenDigest.sha256Hex(key);
        return keys.live(digest)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(found -> found.isEmpty()
                        ? problems.write(
                                exchange, BearerAuth.unauthorized("the payments API key is not valid", "invalid_token"))
                        : admit(found.get(), exchange, chain));
    }

    private Mono<Void> admit(ApiClient client, ServerWebExchange exchange, WebFilterChain chain) {
        return limits.take(client.keyId()).flatMap(probe -> {
            exchange.getResponse().getHeaders().set("X-RateLimit-Limit", Integer.toString(limits.perMinute()));
            exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
                return problems.write(
                        exchange,
                        new ApiProblem(
                                HttpStatus.TOO_MANY_REQUESTS,
                                "rate-limited",
                                "Too many requests",
                                "at most " + limits.perMinute() + " requests per minute per API key",
                                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds))));
            }
            exchange.getAttributes().put(ApiClient.ATTRIBUTE, client);
            return chain.filter(exchange);
        });
    }

    /** Right after the platform's bearer filter, before anything reads the body. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 101;
    }
}
