package io.tracknow.launcher;

import io.tracknow.embedded.EmbeddedInfra;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The five services started as separate Spring application contexts in this JVM, each on its own
 * port and its own database, against a real broker and registry. In production each is its own JVM;
 * nothing here shares state between them but Kafka.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    /** The operator token of the demo platform, for every service's API (never used outside demo mode). */
    public static final String DEMO_OPERATOR_TOKEN = "demo-operator-token";
    /** The demo merchant's own token: its own data only, in every service. */
    public static final String DEMO_MERCHANT_TOKEN = "demo-merchant-token";
    /** The demo sandbox client's payments API key and callback secret (payment-orchestrator seeds them in demo mode). */
    public static final String DEMO_PAYMENTS_KEY = "demo-payments-key";

    public static final String DEMO_PAYMENTS_CALLBACK_SECRET = "demo-webhook-secret";
    private static final Map<String, String> DEMO_TOKENS = Map.of(
            "tracknow.api.operator-token",
            DEMO_OPERATOR_TOKEN,
            "tracknow.api.merchant-tokens." + DemoWebhook.MERCHANT,
            DEMO_MERCHANT_TOKEN);

    private final Map<String, ConfigurableApplicationContext> services;

    private EmbeddedPlatform(Map<String, ConfigurableApplicationContext> services) {
        this.services = services;
    }

    /**
     * @param infra       the broker, registry and databases
     * @param randomPorts true to let each service pick a free port (tests); false for 8080..8084
     * @param demo        seed the demo merchant and influencer
     */
    public static EmbeddedPlatform start(
            EmbeddedInfra infra, boolean randomPorts, boolean demo, Map<String, String> extra) {
        return start(infra, randomPorts ? 0 : PlatformLauncher.DEFAULT_PORT_BASE, demo, extra);
    }

    /**
     * @param portBase the first service's port (the others follow in {@link ServiceSpec#ALL} order), 0 for
     *                 a free port each
     */
    public static EmbeddedPlatform start(EmbeddedInfra infra, int portBase, boolean demo, Map<String, String> extra) {
        Map<String, ConfigurableApplicationContext> started = new LinkedHashMap<>();
        try {
            for (ServiceSpec spec : ServiceSpec.ALL) {
                List<String> args = new ArrayList<>();
                args.add("--spring.main.register-shutdown-hook=false");
                properties(spec, portBase == 0 ? 0 : spec.port(portBase), infra, demo, extra)
                        .forEach((key, value) -> args.add("--" + key + "=" + value));
                started.put(
                        spec.name(), new SpringApplicationBuilder(spec.application()).run(args.toArray(String[]::new)));
            }
            return new EmbeddedPlatform(started);
        } catch (RuntimeException e) {
            new EmbeddedPlatform(started).close();
            throw e;
        }
    }

    /**
     * What one service is configured with, in this JVM or as its own process: its configuration file,
     * port, the infrastructure's addresses and its database, demo data and tokens, then {@code extra}.
     */
    static Map<String, String> properties(
            ServiceSpec spec, int port, EmbeddedInfra infra, boolean demo, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.name", spec.name());
        // five services in one JVM: each keeps its meters in its own registry, none in Micrometer's global one,
        // where a meter of one service (http.server.requests without percentiles) would clash with another's
        // (payment-orchestrator's, with percentiles) and be dropped from the latter's /actuator/prometheus
        properties.put("management.metrics.use-global-registry", "false");
        properties.put("server.port", Integer.toString(port));
        properties.put("tracknow.gateway.demo", Boolean.toString(demo));
        properties.put("tracknow.attribution.demo", Boolean.toString(demo));
        properties.put("tracknow.payment.demo", Boolean.toString(demo));
        properties.put("tracknow.collect.demo", Boolean.toString(demo));
        properties.put("tracknow.notifications.demo", Boolean.toString(demo));
        if (demo) {
            properties.putAll(DEMO_TOKENS);
        }
        infra.springPropertiesFor(spec.name()).forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.putAll(extra);
        return properties;
    }

    /** The port a service listens on. */
    public int port(String service) {
        ConfigurableApplicationContext context = services.get(service);
        if (context == null) {
            throw new IllegalArgumentException("no service " + service);
        }
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1"));
    }

    public String baseUrl(String service) {
        return "http://127.0.0.1:" + port(service);
    }

    public ConfigurableApplicationContext context(String service) {
        return services.get(service);
    }

    /** Stops the services in reverse order of their start. */
    @Override
    public void close() {
        List<ConfigurableApplicationContext> contexts = new ArrayList<>(services.values());
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }
}
