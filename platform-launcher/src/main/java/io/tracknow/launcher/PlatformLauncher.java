package io.tracknow.launcher;

import io.tracknow.embedded.EmbeddedInfra;
import io.tracknow.embedded.KafkaServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code start}: the whole platform locally with no Docker: a KRaft broker (its address is printed), the schema
 * registry on 8085, databases {@code tracknow_<service>} in the PostgreSQL of DB_HOST/DB_PORT
 * (created when missing), the five services on 8080..8084, demo data seeded. Ctrl-C stops it all.
 * TRACKNOW_PORT_BASE moves the services (base..base+4) and the registry (base+5, or REGISTRY_PORT);
 * TRACKNOW_DB_PREFIX names other databases.
 * <p>
 * {@code demo [orderId]}: posts the signed sample TikTok order (docs/ingest-gateway.md) to the running gateway and shows
 * where the money went.
 * <p>
 * {@code tail <topic> [--from-beginning] [--key K] [--max N]}: prints a topic's events as JSON lines (see
 * {@link TopicTail}); it finds the running platform's broker and registry through {@link RunningPlatform}.
 * <p>
 * {@code chaos [--webhooks N] [--rate R] [--merchants M] [--quick]}: its own platform in separate processes
 * under load and faults, then what was lost or doubled (see {@link ChaosRun}).
 */
public final class PlatformLauncher {

    static final int DEFAULT_PORT_BASE = 8080;

    private PlatformLauncher() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "start" : args[0];
        switch (command) {
            case "start" -> start(List.of(args).subList(Math.min(1, args.length), args.length));
            case "demo" ->
                System.exit(
                        new DemoRun(System::getenv, System.out).run(args.length > 1 ? args[1] : DemoWebhook.ORDER_ID));
            case "tail" -> System.exit(tail(List.of(args).subList(1, args.length)));
            case "chaos" -> System.exit(chaos(List.of(args).subList(1, args.length)));
            default -> {
                System.err.println(
                        "usage: platform-launcher start [--processes] | demo [orderId] | tail <topic> [--from-beginning] [--key K] [--max N]"
                                + " | chaos [--webhooks N] [--rate R] [--merchants M] [--quick]");
                System.exit(2);
            }
        }
    }

    private static void start(List<String> options) throws InterruptedException {
        boolean processes = options.contains("--processes");
        if (!options.stream().allMatch("--processes"::equals)) {
            System.err.println("usage: platform-launcher start [--processes]");
            System.exit(2);
        }
        int portBase = portBase(System::getenv);
        int registryPort = Integer.parseInt(env("REGISTRY_PORT", Integer.toString(portBase + ServiceSpec.ALL.size())));
        String dbPrefix = env("TRACKNOW_DB_PREFIX", "tracknow_");
        Path stateDir =
                RunningPlatform.stateFile(System::getenv).toAbsolutePath().getParent();
        Map<String, Path> jars =
                processes ? ProcessPlatform.jarsFrom(Path.of(""), System.getenv("TRACKNOW_SERVICE_JARS")) : Map.of();
        EmbeddedInfra infra;
        Services platform;
        // the services' e-mails go to an in-process SMTP catcher (free ports; demo finds it through the state dir)
        MailCatcher mail = MailCatcher.start(0, 0, EmbeddedPlatform.DEMO_OPERATOR_TOKEN);
        try {
            if (processes) {
                int kafkaPort = Integer.parseInt(env("KAFKA_PORT", "9092"));
                infra = EmbeddedInfra.start(
                        () -> KafkaServerProcess.start(
                                Path.of(env(
                                        "KAFKA_DATA_DIR",
                                        stateDir.resolve("kafka").toString())),
                                kafkaPort,
                                kafkaPort + 1),
                        registryPort,
                        ServiceSpec.names(),
                        dbPrefix);
            } else {
                infra = EmbeddedInfra.start(registryPort, ServiceSpec.names(), dbPrefix);
            }
        } catch (RuntimeException e) {
            mail.close();
            throw e;
        }
        try {
            if (processes) {
                ProcessPlatform started =
                        ProcessPlatform.start(infra, portBase, true, mail.serviceProperties(), jars, stateDir);
                platform = new Services(started::baseUrl, started::close);
            } else {
                EmbeddedPlatform started = EmbeddedPlatform.start(infra, portBase, true, mail.serviceProperties());
                platform = new Services(started::baseUrl, started::close);
            }
        } catch (RuntimeException e) {
            infra.close();
            mail.close();
            throw e;
        }
        Path addresses = new RunningPlatform(
                        infra.kafka().bootstrapServers(), infra.registry().apiUrl())
                .write(System::getenv);
        Path mailUrl = mail.record(System::getenv);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nstopping the platform...");
                            try {
                                Files.deleteIfExists(addresses);
                                Files.deleteIfExists(mailUrl);
                            } catch (IOException e) {
                                System.err.println("cannot delete " + addresses + ": " + e.getMessage());
                            }
                            platform.close();
                            infra.close();
                            mail.close();
                            stopped.countDown();
                        },
                        "platform-stop"));

        // one write, so whoever reads the output (a script, the tests) never sees half of it
        StringWriter text = new StringWriter();
        PrintWriter banner = new PrintWriter(text);
        banner.println();
        banner.println("tracknow platform is up" + (processes ? ", each service in its own process" : "")
                + " (Ctrl-C stops everything)");
        banner.printf(
                "  %-22s %s%s%n",
                "kafka (KRaft)",
                infra.kafka().bootstrapServers(),
                processes
                        ? "  (own process, data in "
                                + env(
                                        "KAFKA_DATA_DIR",
                                        stateDir.resolve("kafka").toString()) + ")"
                        : "");
        banner.printf(
                "  %-22s %s  (Confluent API: %s)%n",
                "schema registry", infra.registry().url(), infra.registry().ccompatUrl());
        for (ServiceSpec spec : ServiceSpec.ALL) {
            banner.printf(
                    "  %-22s %s  (db %s, metrics %s/actuator/prometheus%s)%n",
                    spec.name(),
                    platform.baseUrl(spec.name()),
                    infra.database(spec.name()),
                    platform.baseUrl(spec.name()),
                    processes ? ", log " + stateDir.resolve("logs").resolve(spec.name() + ".log") : "");
        }
        banner.printf(
                "  %-22s smtp 127.0.0.1:%d, caught e-mails at %s (operator token)%n",
                "mail catcher", mail.smtpPort(), mail.url());
        banner.println("demo merchant 'demo-merchant' (TikTok app key demo-app-key), influencer 'demo-influencer'"
                + " with creator id tiktok_creator_123");
        banner.println("every API takes a bearer token: operator  Authorization: Bearer "
                + EmbeddedPlatform.DEMO_OPERATOR_TOKEN + ",  merchant demo-merchant  Bearer "
                + EmbeddedPlatform.DEMO_MERCHANT_TOKEN);
        banner.println(
                "an influencer's token:  curl -X POST -H 'Authorization: Bearer " + EmbeddedPlatform.DEMO_OPERATOR_TOKEN
                        + "' " + platform.baseUrl("attribution-service") + "/api/influencers/demo-influencer/tokens");
        banner.println("payments API (seed 004), sandbox client demo-client:  Authorization: Bearer "
                + EmbeddedPlatform.DEMO_PAYMENTS_KEY + ",  callback secret "
                + EmbeddedPlatform.DEMO_PAYMENTS_CALLBACK_SECRET
                + "  (docs/payments-api.md; POST " + platform.baseUrl("payment-orchestrator")
                + "/api/v1/payments/initiate)");
        banner.println("post the signed seed order:  ./platform demo");
        banner.println("read a topic as JSON lines:  ./platform tail orders.v1 --from-beginning");
        banner.flush();
        System.out.print(text);
        System.out.flush();
        stopped.await();
    }

    /** The running services, in this JVM or as processes: where each answers, and how to stop them all. */
    private record Services(Function<String, String> baseUrls, Runnable stopAll) {

        String baseUrl(String service) {
            return baseUrls.apply(service);
        }

        void close() {
            stopAll.run();
        }
    }

    /** The chaos run (docs in deploy/README.md); exits 0 only when nothing was lost or doubled. */
    private static int chaos(List<String> args) throws Exception {
        ChaosRun.Options options;
        try {
            options = ChaosRun.Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ChaosRun.USAGE);
            return 2;
        }
        return ChaosRun.run(options, System.out).clean() ? 0 : 1;
    }

    /** Prints a topic until Ctrl-C or {@code --max}; returns the exit code. */
    private static int tail(List<String> args) {
        TopicTail tail = new TopicTail(System::getenv, System.out, System.err);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            tail.stop();
                            try {
                                done.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "tail-stop"));
        try {
            return tail.run(args);
        } finally {
            done.countDown();
        }
    }

    /** The first service port: TRACKNOW_PORT_BASE, 8080 by default; the services take it and the next four. */
    static int portBase(Function<String, String> env) {
        String value = env.apply("TRACKNOW_PORT_BASE");
        return value == null || value.isBlank() ? DEFAULT_PORT_BASE : Integer.parseInt(value.trim());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
