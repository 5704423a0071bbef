package io.tracknow.web;

import io.tracknow.web.auth.ApiProperties;
import io.tracknow.web.auth.BearerAuth;
import io.tracknow.web.auth.BearerFilter;
import io.tracknow.web.auth.CallerArgument;
import io.tracknow.web.auth.InfluencerTokens;
import io.tracknow.web.auth.SeparateBearerRealm;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * What every service's HTTP API shares: problem details for every refusal, and the bearer-token check
 * in front of every route that is not public (docs/architecture.md, "API access").
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ApiProperties.class)
public class WebAutoConfiguration {

    @Bean
    ProblemAdvice problemAdvice() {
        return new ProblemAdvice();
    }

    @Bean
    ProblemWriter problemWriter(ServerCodecConfigurer codecs) {
        return new ProblemWriter(codecs);
    }

    @Bean
    BearerAuth bearerAuth(ApiProperties properties, ObjectProvider<InfluencerTokens> influencers) {
        return new BearerAuth(properties, influencers.getIfAvailable(() -> InfluencerTokens.NONE));
    }

    @Bean
    BearerFilter bearerFilter(
            BearerAuth auth,
            ProblemWriter problems,
            ApiProperties properties,
            ObjectProvider<SeparateBearerRealm> realms) {
        return new BearerFilter(
                auth, problems, properties, realms.orderedStream().toList());
    }

    @Bean
    WebFluxConfigurer callerArgument() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new CallerArgument());
            }
        };
    }
}
