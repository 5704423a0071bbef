package io.tracknow.notification.webhooks;

import java.time.Instant;

/** An influencer's webhook endpoint: where we post, the signing secret, and whether it is still active. */
public record Endpoint(
        String influencerId,
        String url,
        String secret,
        boolean active,
        int consecutiveFailures,
        String disabledReason,
        Instant disabledAt) {}
