package io.tracknow.notification.inapp;

import java.time.Instant;
import java.util.UUID;

public record Notification(UUID id, String influencerId, String channel, String template, String title,
                           String body, String causeEventId, Instant createdAt) {
}
