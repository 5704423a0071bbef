package io.tracknow.payment.collect.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import io.tracknow.payment.collect.config.CollectProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;

class HealthControllerTest {

    @Test
    void saysUnhealthyWith503WhenTheDatabaseDoesNotAnswer() {
        DatabaseClient unreachable =
                DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://postgres@127.0.0.1:1/none"));
        CollectProperties properties =
                new CollectProperties(URI.create("http://localhost:8083"), "1.0.0", null, null, 100, null, null, false);
        Clock clock = Clock.fixed(Instant.parse("2025-01-25T10:00:00.123Z"), ZoneOffset.UTC);
        ResponseEntity<java.util.Map<String, String>> answer =
                new HealthController(unreachable, properties, clock).health().block();
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody())
                .containsEntry("status", "unhealthy")
                .containsEntry("version", "1.0.0")
                .containsEntry("timestamp", "2025-01-25T10:00:00Z");
    }
}
