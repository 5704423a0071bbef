package io.tracknow.payment.collect.health;

import io.tracknow.payment.collect.config.CollectProperties;
import io.tracknow.payment.collect.config.Iso;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Seed 004 "Health Check": {@code GET /health}, public, 200 {@code healthy} when the database answers within
 * two seconds, else 503 {@code unhealthy}. (Kubernetes probes use actuator's liveness and readiness.)
 */
@RestController
class HealthController {

    private static final Duration PATIENCE = Duration.ofSeconds(2);

    private final DatabaseClient db;
    private final CollectProperties properties;
    private final Clock clock;

    HealthController(DatabaseClient db, CollectProperties properties, Clock clock) {
        this.db = db;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/health")
    Mono<ResponseEntity<Map<String, String>>> health() {
        return db.sql("SELECT 1")
                .fetch()
                .rowsUpdated()
                .then(Mono.just(true))
                .timeout(PATIENCE)
                .onErrorReturn(false)
                .map(up -> {
                    Map<String, String> body = new LinkedHashMap<>();
                    body.put("status", up ? "healthy" : "unhealthy");
                    body.put("version", properties.apiVersion());
                    body.put("timestamp", Iso.utc(clock.instant()));
                    return ResponseEntity.status(up ? 200 : 503).body(body);
                });
    }
}
