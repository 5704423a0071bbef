package io.tracknow.messaging.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How a service talks to Kafka and the schema registry, and how hard it tries before giving up.
 *
 * @param registryUrl      the Apicurio v3 API, e.g. http://registry:8080/apis/registry/v3
 * @param consumerRetries  attempts after the first before a record goes to its dead-letter topic
 * @param retryBackoff     the first wait between attempts; doubles each time
 * @param handlerTimeout   longest a consumer waits for the database transaction of one poll
 * @param outbox           the outbox relay
 */
@Validated
@ConfigurationProperties("tracknow.messaging")
public record MessagingProperties(
        @NotBlank String registryUrl,
        @Min(0) int consumerRetries,
        @NotNull Duration retryBackoff,
        @NotNull Duration handlerTimeout,
        @Valid @NotNull Outbox outbox) {

    /**
     * @param pollInterval how often the relay looks for unpublished events when nothing wakes it: events
     *                     committed in this process wake it at once, this is the fallback for those of
     *                     another replica or left by a crash, and the pause after a failed batch
     * @param batchSize    events published per transaction
     * @param sendTimeout  longest wait for the broker's acknowledgement of a batch
     */
    public record Outbox(
            @NotNull Duration pollInterval,
            @Min(1) int batchSize,
            @NotNull Duration sendTimeout) {}
}
