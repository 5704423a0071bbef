package io.tracknow.messaging.testsupport;

import io.tracknow.embedded.EmbeddedInfra;
import io.tracknow.embedded.SharedTestInfra;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a service under test at the shared test broker, registry and its own fresh database. */
public final class TestInfra {

    private TestInfra() {}

    public static EmbeddedInfra infra() {
        return SharedTestInfra.get();
    }

    /**
     * For a test whose infrastructure differs ({@code KafkaOutageTest}'s own broker): the properties of
     * {@link #properties}, which it may then override. Other tests use {@link ServiceIntegrationTest}.
     */
    public static void register(DynamicPropertyRegistry registry, String service) {
        properties(service).forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * The shared broker, registry and {@code service}'s database, with the outbox polled and retries
     * backed off every 50 ms (tests wait less) and plain-text logs.
     */
    public static Map<String, Object> properties(String service) {
        Map<String, Object> properties = new LinkedHashMap<>(infra().springPropertiesFor(service));
        properties.put("tracknow.messaging.outbox.poll-interval", "50ms");
        properties.put("tracknow.messaging.retry-backoff", "50ms");
        properties.put("logging.structured.format.console", "");
        return properties;
    }
}
