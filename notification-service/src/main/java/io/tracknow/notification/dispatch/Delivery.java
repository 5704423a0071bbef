package io.tracknow.notification.dispatch;

import io.tracknow.notification.contacts.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * One notification waiting on a channel: what to send (title, body, the language they were written in,
 * the JSON payload), to whom, and how many attempts were made so far.
 */
public record Delivery(
        UUID id,
        String influencerId,
        Channel channel,
        String eventType,
        String title,
        String body,
        String language,
        String recipient,
        String payload,
        int attempts,
        String causeEventId,
        Instant createdAt) {}
