package io.tracknow.payment.collect.keys;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seed 004's rate limit: at most N requests per minute per API key (100 by default), refilled all at once
 * each minute (Bucket4j, interval refill). The buckets live in this replica's memory: behind a load
 * balancer with R replicas a key gets up to R times N per minute (docs/payments-api.md, "Rate limit").
 */
public class RateLimits {

    private final int perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Takes one request from the key's allowance; the probe says whether it was there and when the next is. */
    public ConsumptionProbe take(String keyId) {
        return buckets.computeIfAbsent(keyId, id -> Bucket.builder()
                        .addLimit(Bandwidth.builder().capacity(perMinute).refillIntervally(perMinute, Duration.ofMinutes(1)).build())
                        .build())
                .tryConsumeAndReturnRemaining(1);
    }

    public int perMinute() {
        return perMinute;
    }
}
