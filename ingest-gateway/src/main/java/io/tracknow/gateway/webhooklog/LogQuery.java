package io.tracknow.gateway.webhooklog;

import java.time.Instant;

/** Filters of {@code GET /admin/webhook-logs}; null means "any". {@code from} inclusive, {@code to} exclusive. */
public record LogQuery(String merchant, String source, String outcome, Instant from, Instant to, int page, int size) {}
