package io.tracknow.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.web.ProblemWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class BearerFilterTest {

    private final ApiProperties properties =
            new ApiProperties("op-token", Map.of("shop-a", "a-token"), List.of("/webhooks/**"));
    private final BearerFilter filter = new BearerFilter(
            new BearerAuth(properties, InfluencerTokens.NONE),
            new ProblemWriter(ServerCodecConfigurer.create()),
            properties);

    @Test
    void letsPublicPathsThroughWithoutAToken() {
        for (String path : List.of("/webhooks/tiktok/shop-a", "/actuator/health/readiness", "/actuator/prometheus")) {
            assertThat(passes(MockServerWebExchange.from(MockServerHttpRequest.post(path))))
                    .as(path)
                    .isNotNull();
        }
    }

    @Test
    void refusesEveryOtherPathWithoutATokenBeforeAnyHandlerRuns() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/anything/new"));
        assertThat(passes(exchange)).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate"))
                .startsWith("Bearer");
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"status\":401", "unauthorized");
    }

    @Test
    void handsTheCallerToTheHandler() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/merchants/shop-a/x").header("Authorization", "Bearer a-token"));
        assertThat(passes(exchange)).isEqualTo(Caller.merchant("shop-a"));
    }

    @Test
    void keepsActuatorBeyondHealthForTheOperator() {
        MockServerWebExchange merchant = MockServerWebExchange.from(
                MockServerHttpRequest.get("/actuator/metrics").header("Authorization", "Bearer a-token"));
        assertThat(passes(merchant)).isNull();
        assertThat(merchant.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        MockServerWebExchange operator = MockServerWebExchange.from(
                MockServerHttpRequest.get("/actuator/metrics").header("Authorization", "Bearer op-token"));
        assertThat(passes(operator)).isEqualTo(Caller.operator());
    }

    @Test
    void leavesASeparateRealmsPathsToItsOwnFilterAndOnlyThose() {
        SeparateBearerRealm keys = () -> List.of("/api/v1/payments/**");
        BearerFilter withRealm = new BearerFilter(
                new BearerAuth(properties, InfluencerTokens.NONE),
                new ProblemWriter(ServerCodecConfigurer.create()),
                properties,
                List.of(keys));
        AtomicReference<Boolean> reached = new AtomicReference<>(false);
        withRealm
                .filter(
                        MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/payments/initiate")
                                .header("Authorization", "Bearer pk_some_client_key")),
                        e -> {
                            reached.set(true);
                            return Mono.empty();
                        })
                .block();
        assertThat(reached.get()).as("the realm's own filter decides").isTrue();

        MockServerWebExchange elsewhere = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/other"));
        withRealm.filter(elsewhere, e -> Mono.empty()).block();
        assertThat(elsewhere.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    /** Runs the filter; returns the caller the chain saw, or null when the chain did not run. */
    private Caller passes(MockServerWebExchange exchange) {
        AtomicReference<Caller> seen = new AtomicReference<>();
        filter.filter(exchange, e -> {
                    Caller caller = e.getAttribute(Caller.ATTRIBUTE);
                    seen.set(caller == null ? Caller.operator() : caller);
                    return Mono.empty();
                })
                .block();
        return seen.get();
    }
}
