package io.tracknow.payment.collect.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A key as the operator sees it. {@code apiKey} and {@code webhookSecret} are present only in the answer
 * that issues the key: it is shown once, and only its SHA-256 is stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuedKey(
        String keyId,
        String clientId,
        String mode,
        String apiKey,
        String webhookSecret,
        Instant createdAt,
        Instant revokedAt) {}
