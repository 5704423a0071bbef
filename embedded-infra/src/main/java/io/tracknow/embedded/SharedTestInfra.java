package io.tracknow.embedded;

import java.util.List;

/**
 * One {@link EmbeddedInfra} per test JVM, started on first use with fresh databases for every
 * service and closed when the JVM exits, so that all test classes of a module share one broker and
 * one registry.
 */
public final class SharedTestInfra {

    public static final List<String> SERVICES = List.of(
            "ingest-gateway",
            "attribution-service",
            "commission-service",
            "payment-orchestrator",
            "notification-service",
            "messaging-test");

    private static EmbeddedInfra instance;

    private SharedTestInfra() {}

    public static synchronized EmbeddedInfra get() {
        if (instance == null) {
            EmbeddedInfra infra = EmbeddedInfra.start(0, SERVICES, null);
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "test-infra-stop"));
            instance = infra;
        }
        return instance;
    }
}
