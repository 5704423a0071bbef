package io.tracknow.gateway.intake;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.web.ApiProblem;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * One token bucket per configured merchant (checked only after the merchant is known, so unknown ids
 * cannot grow the map), refilled greedily: {@code capacity} webhooks per {@code period}. A merchant over
 * its budget gets 429 with Retry-After; its shop retries later, so nothing is lost. The buckets live in
 * this replica's memory: with N replicas behind a balancer a merchant gets at most N times the budget.
 */
@Component
public class MerchantRateLimiter {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final GatewayProperties.RateLimit limit;

    public MerchantRateLimiter(GatewayProperties properties) {
        this.limit = properties.rateLimit();
    }

    /**
     * @throws ApiProblem 429 when the merchant has used up its budget
     */
    public void check(String merchantId) {
        Bucket bucket = buckets.computeIfAbsent(
                merchantId,
                id -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limit.capacity())
                                .refillGreedy(limit.capacity(), limit.period())
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(
                    1, (long) Math.ceil(probe.getNanosToWaitForRefill() / (double) TimeUnit.SECONDS.toNanos(1)));
            throw new ApiProblem(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many webhooks",
                    "merchant " + merchantId + " sent more than " + limit.capacity() + " webhooks in " + limit.period(),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }
}
