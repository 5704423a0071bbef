package io.tracknow.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param timestampTolerance how far a webhook's own timestamp may be from our clock, either way
 * @param publishTimeout     longest wait for Kafka's acknowledgement before answering 503
 * @param retryAfter         what a 503 tells the sender to wait before retrying
 * @param demo               seed the demo merchant's credentials at start-up
 */
@Validated
@ConfigurationProperties("tracknow.gateway")
public record GatewayProperties(@NotNull Duration timestampTolerance, @NotNull Duration publishTimeout,
                                @NotNull Duration retryAfter, boolean demo) {
}
