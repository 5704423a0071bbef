package io.tracknow.web.tokens;

import io.tracknow.schemas.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

/** The replica and its readiness contribution, imported by {@link EnableInfluencerTokens}. */
@Configuration(proxyBeanMethods = false)
class InfluencerTokensConfiguration {

    @Bean
    AccessTokenReplica accessTokenReplica(ConsumerFactory<?, ?> consumers) {
        return new AccessTokenReplica(consumers, Topics.ACCESS_TOKENS.name());
    }

    @Bean
    ReplicaHealth influencerTokensHealthIndicator(AccessTokenReplica replica) {
        return new ReplicaHealth(replica);
    }
}
