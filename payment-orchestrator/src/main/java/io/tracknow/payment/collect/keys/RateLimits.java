package io.tracknow.payment.collect.keys;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * Seed 004's rate limit: at most N requests per minute per API key (100 by default), refilled all at once
 * each minute (Bucket4j, interval refill). The buckets are rows in the service's PostgreSQL
 * ({@link PostgresBuckets}), so the limit holds for a key across all replicas together.
 */
public class RateLimits {

    private final int perMinute;
    private final AsyncProxyManager<String> buckets;
    private final BucketConfiguration configuration;

    public RateLimits(int perMinute, AsyncProxyManager<String> buckets) {
        this.perMinute = perMinute;
        this.buckets = buckets;
        this.configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillIntervally(perMinute, Duration.ofMinutes(1))
                        .build())
                .build();
    }

    /** Takes one request from the key's allowance; the probe says whether it was there and when the next is. */
    public Mono<ConsumptionProbe> take(String keyId) {
        return Mono.fromFuture(() -> buckets.builder()
                .build(keyId, () -> CompletableFuture.completedFuture(configuration))
                .tryConsumeAndReturnRemaining(1));
    }

    public int perMinute() {
        return perMinute;
    }
}
