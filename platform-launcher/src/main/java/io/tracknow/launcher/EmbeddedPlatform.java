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
    private static final Map<String, String> DEMO_TOKENS = Map.of(
            "tracknow.api.operator-token", DEMO_OPERATOR_TOKEN,
            "tracknow.api.merchant-tokens." + DemoWebhook.MERCHANT, DEMO_MERCHANT_TOKEN);

    private final Map<String, ConfigurableApplicationContext> services;

    private EmbeddedPlatform(Map<String, ConfigurableApplicationContext> services) {
        this.services = services;
    }

    /**
     * @param infra       the broker, registry and databases
     * @param randomPorts true to let each service pick a free port (tests); false for 8080..8084
     * @param demo        seed the demo merchant and influencer
     */
    public static EmbeddedPlatform start(EmbeddedInfra infra, boolean randomPorts, boolean demo, Map<String, String> extra) {
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
                args.add("--spring.config.name=" + spec.name());
                args.add("--server.port=" + (portBase == 0 ? 0 : portBase + spec.defaultPort() - PlatformLauncher.DEFAULT_PORT_BASE));
                args.add("--spring.main.register-shutdown-hook=false");
                args.add("--tracknow.gateway.demo=" + demo);
                args.add("--tracknow.attribution.demo=" + demo);
                if (demo) {
                    DEMO_TOKENS.forEach((key, value) -> args.add("--" + key + "=" + value));
                }
                infra.springPropertiesFor(spec.name()).forEach((key, value) -> args.add("--" + key + "=" + value));
                extra.forEach((key, value) -> args.add("--" + key + "=" + value));
                started.put(spec.name(), new SpringApplicationBuilder(spec.application()).run(args.toArray(String[]::new)));
            }
            return new EmbeddedPlatform(started);
        } catch (RuntimeException e) {
            new EmbeddedPlatform(started).close();
            throw e;
        }
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
