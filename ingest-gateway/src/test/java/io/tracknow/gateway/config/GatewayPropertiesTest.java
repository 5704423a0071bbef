package io.tracknow.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class GatewayPropertiesTest {

    private final Validator validator =
            Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void refusesAReservationLeaseThatIsNotLongerThanThePublishTimeout() {
        assertThat(validator.validate(properties(Duration.ofSeconds(12), Duration.ofSeconds(12))))
                .extracting(v -> v.getMessage())
                .containsExactly("reservation-lease must be longer than publish-timeout");
        assertThat(validator.validate(properties(Duration.ofSeconds(12), Duration.ofSeconds(30))))
                .isEmpty();
    }

    private static GatewayProperties properties(Duration publishTimeout, Duration lease) {
        return new GatewayProperties(
                Duration.ofMinutes(5),
                publishTimeout,
                lease,
                Duration.ofSeconds(5),
                false,
                DataSize.ofMegabytes(1),
                new GatewayProperties.RateLimit(10, Duration.ofMinutes(1)),
                null,
                new GatewayProperties.TikTokApi(
                        URI.create("https://open-api.tiktokglobalshop.com"),
                        List.of("open-api.tiktokglobalshop.com"),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        3,
                        Duration.ofMillis(10)),
                Duration.ofSeconds(5),
                new GatewayProperties.GroupCommitSettings(64, 2),
                GatewayProperties.Limits.defaults());
    }
}
