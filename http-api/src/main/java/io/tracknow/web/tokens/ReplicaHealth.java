package io.tracknow.web.tokens;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Not ready until the influencer-token replica has read the whole topic as it was at start: before
 * that, a live token could be refused as unknown. Part of the readiness group of every service that
 * answers influencers ({@code management.endpoint.health.group.readiness.include}).
 */
public class ReplicaHealth implements HealthIndicator {

    private final AccessTokenReplica replica;

    public ReplicaHealth(AccessTokenReplica replica) {
        this.replica = replica;
    }

    @Override
    public Health health() {
        return replica.caughtUp()
                ? Health.up().build()
                : Health.down()
                        .withDetail("reason", "reading access-tokens.v1 up to its end")
                        .build();
    }
}
