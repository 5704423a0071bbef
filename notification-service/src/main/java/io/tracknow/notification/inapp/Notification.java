package io.tracknow.notification.inapp;

import java.time.Instant;
import java.util.UUID;

/** One message of an influencer's in-app feed; {@code seq} orders the feed and is the stream's event id. */
public record Notification(
        UUID id,
        long seq,
        String influencerId,
        String channel,
        String template,
        String title,
        String body,
        String causeEventId,
        Instant createdAt,
        Instant readAt) {}
