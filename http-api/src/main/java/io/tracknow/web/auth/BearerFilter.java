package io.tracknow.web.auth;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.ProblemWriter;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Closed by default: every request needs a valid bearer token unless its path is public, before any
 * handler, body parsing or validation runs, so a route added tomorrow is protected without anyone
 * remembering to. Public everywhere: the health probes and the Prometheus scrape (no owner's data, and
 * the scrape carries no credentials); each service adds its own public paths (signed webhooks, the
 * redirect) in {@code tracknow.api.public-paths}. The other actuator endpoints are the operator's. The caller is left in the exchange for the handler,
 * which decides what this caller may see ({@link Caller#requireMerchant} and the like).
 */
public class BearerFilter implements WebFilter, Ordered {

    /** Served to anyone by every service. */
    public static final List<String> ALWAYS_PUBLIC =
            List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus");
    /** The rest of actuator (metrics, info) is the operator's: no owner's token sees it. */
    private static final PathPattern OPERATOR_ONLY = PathPatternParser.defaultInstance.parse("/actuator/**");

    private final BearerAuth auth;
    private final ProblemWriter problems;
    private final List<PathPattern> publicPaths;
    private final List<PathPattern> separateRealms;

    public BearerFilter(BearerAuth auth, ProblemWriter problems, ApiProperties properties) {
        this(auth, problems, properties, List.of());
    }

    /** @param realms paths whose bearer credential another filter of the service checks ({@link SeparateBearerRealm}) */
    public BearerFilter(
            BearerAuth auth, ProblemWriter problems, ApiProperties properties, List<SeparateBearerRealm> realms) {
        this.auth = auth;
        this.problems = problems;
        this.publicPaths = Stream.concat(ALWAYS_PUBLIC.stream(), properties.publicPaths().stream())
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
        this.separateRealms = realms.stream()
                .flatMap(realm -> realm.pathPatterns().stream())
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (isPublic(path) || separateRealms.stream().anyMatch(pattern -> pattern.matches(path))) {
            return chain.filter(exchange);
        }
        Caller caller;
        try {
            caller = auth.authenticate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        } catch (ApiProblem refused) {
            return problems.write(exchange, refused);
        }
        if (OPERATOR_ONLY.matches(path) && !caller.isOperator()) {
            return problems.write(exchange, Caller.hidden());
        }
        exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
        return chain.filter(exchange);
    }

    boolean isPublic(PathContainer path) {
        return publicPaths.stream().anyMatch(pattern -> pattern.matches(path));
    }

    /** Early, so that nothing else (rate limits, body reads) spends work on a caller without a token. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
