package io.tracknow.bench.bare;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The bare endpoint of {@code bench/run gateway}: a Spring Boot WebFlux application with nothing but
 * spring-boot-starter-webflux on its classpath (bench's bare.classpath), run in its own JVM with the
 * platform's JVM flags. It answers the gateway's webhook route: decodes the JSON body with Jackson (to
 * a JsonNode, as the gateway parses it) and answers 200 {@code {"status":"accepted","duplicate":false}}.
 * What the gateway does beyond that is what the ratio of the two measures.
 */
@SpringBootApplication
@RestController
public class BareApp {

    private static final Map<String, Object> ACCEPTED = Map.of("status", "accepted", "duplicate", false);

    @PostMapping("/webhooks/{source}/{merchantId}")
    Mono<Map<String, Object>> accept(
            @PathVariable String source, @PathVariable String merchantId, @RequestBody JsonNode order) {
        if (!order.isObject()) {
            return Mono.error(new IllegalArgumentException("not a JSON object"));
        }
        return Mono.just(ACCEPTED);
    }

    public static void main(String[] args) {
        SpringApplication.run(BareApp.class, args);
    }
}
