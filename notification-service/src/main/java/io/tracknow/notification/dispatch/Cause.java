package io.tracknow.notification.dispatch;

import io.tracknow.notification.contacts.NotificationType;
import java.time.Instant;
import java.util.Map;

/**
 * Something an influencer must hear about: the event that caused it (its id makes every channel's
 * message unique), the type of message, and the facts the templates show. Facts are plain values,
 * {@link io.tracknow.notification.templates.Amount}s and {@link Instant}s; the reader's locale formats them.
 */
public record Cause(
        String causeEventId,
        String influencerId,
        NotificationType type,
        Instant occurredAt,
        Map<String, Object> facts) {}
