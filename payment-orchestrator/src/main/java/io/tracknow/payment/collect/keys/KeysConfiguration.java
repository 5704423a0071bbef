package io.tracknow.payment.collect.keys;

import io.tracknow.payment.collect.config.CollectProperties;
import io.tracknow.web.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The API-key check in front of the payments API, and the {@link ApiClient} handler parameter it fills. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    @Bean
    RateLimits rateLimits(CollectProperties properties, DatabaseClient db) {
        return new RateLimits(properties.requestsPerMinute(), new PostgresBuckets(db).asAsync());
    }

    @Bean
    ApiKeyFilter apiKeyFilter(ApiKeys keys, RateLimits limits, ProblemWriter problems) {
        return new ApiKeyFilter(keys, limits, problems);
    }

    @Bean
    WebFluxConfigurer apiClientArgument() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new HandlerMethodArgumentResolver() {
                    @Override
                    public boolean supportsParameter(MethodParameter parameter) {
                        return parameter.getParameterType() == ApiClient.class;
                    }

                    @Override
                    public Mono<Object> resolveArgument(
                            MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
                        ApiClient client = exchange.getAttribute(ApiClient.ATTRIBUTE);
                        return client == null
                                ? Mono.error(new IllegalStateException(
                                        "a handler outside " + ApiKeyFilter.PATHS + " asked for an API client"))
                                : Mono.just(client);
                    }
                });
            }
        };
    }
}
