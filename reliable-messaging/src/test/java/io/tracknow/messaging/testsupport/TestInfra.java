package io.tracknow.messaging.testsupport;

import io.tracknow.embedded.EmbeddedInfra;
import io.tracknow.embedded.SharedTestInfra;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a service under test at the shared test broker, registry and its own fresh database. */
public final class TestInfra {

    private TestInfra() {
    }

    public static EmbeddedInfra infra() {
        return SharedTestInfra.get();
    }

    public static void register(DynamicPropertyRegistry registry, String service) {
        infra().springPropertiesFor(service).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("tracknow.messaging.outbox.poll-interval", () -> "50ms");
        registry.add("tracknow.messaging.retry-backoff", () -> "50ms");
        registry.add("logging.structured.format.console", () -> "");
    }
}
