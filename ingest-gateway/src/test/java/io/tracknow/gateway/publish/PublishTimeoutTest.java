package io.tracknow.gateway.publish;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway must not answer 503 while its producer may still deliver the record. */
class PublishTimeoutTest {

    @Test
    void refusesAPublishTimeoutShorterThanTheProducersOwnBound() {
        // the configuration before this check: 12 s against 5 s + 10 s
        assertThatThrownBy(() -> EventPublisher.requireTimeoutCoversProducer(
                        Map.of("max.block.ms", "5000", "delivery.timeout.ms", 10000), Duration.ofSeconds(12)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("5000 + 10000");
    }

    @Test
    void countsKafkasDefaultsForBoundsThatAreNotSet() {
        assertThatThrownBy(() -> EventPublisher.requireTimeoutCoversProducer(Map.of(), Duration.ofSeconds(179)))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> EventPublisher.requireTimeoutCoversProducer(Map.of(), Duration.ofSeconds(180)))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsTheShippedConfiguration() {
        assertThatCode(() -> EventPublisher.requireTimeoutCoversProducer(
                        Map.of("max.block.ms", "4000", "delivery.timeout.ms", "7500"), Duration.ofSeconds(12)))
                .doesNotThrowAnyException();
    }
}
