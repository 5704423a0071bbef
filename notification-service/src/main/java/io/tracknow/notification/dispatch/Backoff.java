package io.tracknow.notification.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": after attempt n the wait is base·2^(n-1), capped at max, of
 * which a random half is dropped, so that retries of many messages after one outage spread out instead
 * of arriving together.
 */
public record Backoff(Duration base, Duration max) {

    public Duration after(int attempts) {
        long cap = max.toMillis();
        long exponential = base.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        long wait = exponential <= 0 || exponential > cap ? cap : exponential;
        long half = wait / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
