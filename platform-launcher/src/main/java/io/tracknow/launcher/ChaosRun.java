package io.tracknow.launcher;

import io.tracknow.embedded.EmbeddedInfra;
import io.tracknow.embedded.FreePorts;
import io.tracknow.embedded.KafkaServerProcess;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * {@code ./platform chaos}: the platform as deployed (Kafka, the registry and each service in its own
 * process, commission-service twice), fed N signed webhooks at a steady rate while faults strike: a
 * SIGKILL of one commission-service instance and of attribution-service (each restarted), the broker
 * stopped for 20 s, every database connection terminated. Then it waits for the platform to settle and
 * checks that nothing was lost or done twice and that the money adds up (see {@link ChaosChecks}), and
 * prints the figures. Not a test: the reduced run in {@code ChaosRunTest} is.
 */
final class ChaosRun {

    static final String USAGE =
            "usage: platform-launcher chaos [--webhooks N] [--rate PER_SECOND] [--merchants M] [--quick]";

    /**
     * @param webhooks   distinct deliveries (paid orders, cancellations, refunds); redeliveries come on top
     * @param allFaults  every fault, else only the SIGKILL of one commission-service instance
     * @param settle     how long the platform may make no progress (lag and differing balances not falling)
     *                   before the run gives up waiting for it to settle
     */
    record Options(
            int webhooks, int rate, int merchants, int influencersPerMerchant, boolean allFaults, Duration settle) {

        static Options parse(List<String> args) {
            int webhooks = 10_000;
            int rate = 300;
            int merchants = 24;
            boolean quick = false;
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--webhooks" -> webhooks = positive(args, ++i);
                    case "--rate" -> rate = positive(args, ++i);
                    case "--merchants" -> merchants = positive(args, ++i);
                    case "--quick" -> quick = true;
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            return quick
                    ? new Options(
                            Math.min(webhooks, 300),
                            Math.min(rate, 100),
                            Math.min(merchants, 8),
                            3,
                            false,
                            Duration.ofMinutes(2))
                    : new Options(webhooks, rate, merchants, 5, true, Duration.ofMinutes(2));
        }

        private static int positive(List<String> args, int i) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(args.get(i - 1) + " needs a number");
            }
            try {
                int value = Integer.parseInt(args.get(i));
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(args.get(i - 1) + " needs a positive whole number, not " + args.get(i));
        }
    }

    /** What the run found; {@link #clean()} when nothing was lost, doubled, dead-lettered or miscounted. */
    record Figures(
            int webhooks,
            int rate,
            long accepted,
            long retried,
            long redelivered,
            long redeliveriesNotAnsweredDuplicate,
            long rejected,
            long lost,
            long duplicated,
            long deadLetters,
            long outboxRows,
            List<String> balanceDifferences,
            int influencerBalances,
            List<String> ledgerImbalances,
            List<String> faults,
            List<String> examples,
            Duration sending,
            Duration settling,
            Duration p50,
            Duration p99,
            Duration max) {

        boolean clean() {
            return rejected == 0
                    && accepted == webhooks
                    && lost == 0
                    && duplicated == 0
                    && deadLetters == 0
                    && outboxRows == 0
                    && balanceDifferences.isEmpty()
                    && ledgerImbalances.isEmpty()
                    && redeliveriesNotAnsweredDuplicate == 0;
        }

        void print(PrintStream out) {
            out.println();
            out.println("chaos run: " + webhooks + " webhooks at " + rate + "/s offered, all accepted "
                    + seconds(sending) + " s after the first was sent (re-sends and follow-ups included), settled "
                    + seconds(settling) + " s later");
            faults.forEach(f -> out.println("  fault: " + f));
            out.printf("  %-28s %d%n", "accepted (2xx)", accepted);
            out.printf("  %-28s %d%n", "retried (5xx/timeout, re-sent)", retried);
            out.printf(
                    "  %-28s %d (answered other than 200 duplicate: %d)%n",
                    "redelivered (identical)", redelivered, redeliveriesNotAnsweredDuplicate);
            out.printf("  %-28s %d%n", "rejected (4xx, a script defect)", rejected);
            out.printf("  %-28s %d%n", "lost", lost);
            out.printf("  %-28s %d%n", "duplicated", duplicated);
            out.printf("  %-28s %d%n", "DLQ", deadLetters);
            out.printf("  %-28s %d%n", "outbox rows left", outboxRows);
            out.printf(
                    "  %-28s %d of %d equal the script's%n",
                    "influencer balances", influencerBalances - balanceDifferences.size(), influencerBalances);
            out.printf(
                    "  %-28s %s%n",
                    "ledger",
                    ledgerImbalances.isEmpty() ? "sums to zero in every currency" : "OFF: " + ledgerImbalances);
            out.printf(
                    "  %-28s p50 %d ms, p99 %d ms, max %d ms%n",
                    "webhook -> commission accrued", p50.toMillis(), p99.toMillis(), max.toMillis());
            examples.forEach(e -> out.println("  e.g. " + e));
            balanceDifferences.stream().limit(10).forEach(d -> out.println("  balance " + d));
            out.println(clean() ? "RESULT: nothing lost, nothing doubled, the money adds up" : "RESULT: FAILED");
        }

        private static String seconds(Duration d) {
            return String.format("%.1f", d.toMillis() / 1000.0);
        }
    }

    private ChaosRun() {}

    /** Runs it all and prints as it goes; the state directory keeps every process's log. */
    static Figures run(Options options, PrintStream out) throws Exception {
        Path state = Files.createTempDirectory("tracknow-chaos");
        // the services, the registry, Kafka and its controller, commission-service's second instance
        int base = FreePorts.range(ServiceSpec.ALL.size() + 4);
        int registryPort = base + ServiceSpec.ALL.size();
        int kafkaPort = registryPort + 1;
        int secondCommissionPort = kafkaPort + 2;
        Map<String, Path> jars = ProcessPlatform.jarsFrom(Path.of(""), System.getenv("TRACKNOW_SERVICE_JARS"));
        AtomicReference<KafkaServerProcess> kafka = new AtomicReference<>();
        out.println("chaos: logs in " + state.resolve("logs") + ", Kafka's in " + state.resolve("kafka"));
        MailCatcher mail = MailCatcher.start(0, 0, EmbeddedPlatform.DEMO_OPERATOR_TOKEN);
        // Ctrl-C (or a kill) must not leave Kafka and the service processes running
        AtomicReference<Runnable> stop = new AtomicReference<>(() -> {});
        Thread hook = new Thread(() -> stop.get().run(), "chaos-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedInfra infra = EmbeddedInfra.start(
                        () -> {
                            kafka.set(KafkaServerProcess.start(state.resolve("kafka"), kafkaPort, kafkaPort + 1));
                            return kafka.get();
                        },
                        registryPort,
                        ServiceSpec.names(),
                        null);
                ProcessPlatform platform =
                        ProcessPlatform.start(infra, base, true, mail.serviceProperties(), jars, state);
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .executor(Executors.newVirtualThreadPerTaskExecutor())
                        .build()) {
            stop.set(() -> {
                platform.close();
                infra.close();
            });
            String second = platform.addInstance("commission-service", secondCommissionPort);
            out.println("chaos: platform up, commission-service twice (" + platform.baseUrl("commission-service") + ", "
                    + platform.baseUrl(second) + ")");
            ChaosTraffic traffic =
                    new ChaosTraffic(options.merchants(), options.influencersPerMerchant(), System.nanoTime(), http);
            traffic.setUp(platform::baseUrl, EmbeddedPlatform.DEMO_OPERATOR_TOKEN);
            List<ChaosTraffic.Order> orders = traffic.orders(options.webhooks());
            ChaosChecks checks = new ChaosChecks(infra, http, platform::baseUrl, EmbeddedPlatform.DEMO_OPERATOR_TOKEN);

            AtomicLong accepted = new AtomicLong();
            AtomicBoolean sendingDone = new AtomicBoolean();
            List<String> faults = Collections.synchronizedList(new ArrayList<>());
            Thread faulting = Thread.ofPlatform()
                    .name("chaos-faults")
                    .start(() -> strike(
                            options,
                            platform,
                            kafka.get(),
                            checks,
                            () -> accepted.get() * 100 / options.webhooks(),
                            sendingDone,
                            faults,
                            out));
            out.println("chaos: sending " + options.webhooks() + " webhooks at " + options.rate() + "/s to "
                    + traffic.merchants().size() + " merchants, "
                    + traffic.influencers().size() + " influencers");
            ChaosTraffic.Sent sent = traffic.send(platform.baseUrl("ingest-gateway"), orders, options.rate(), accepted);
            sendingDone.set(true);
            faulting.join();
            out.println("chaos: all accepted; waiting for the platform to settle");

            Instant settleStart = Instant.now();
            // settled: no lag and every balance as the script computed it. A backlog takes as long as it
            // takes; what fails the run is no progress (lag and differing balances not falling) for too long
            Instant lastProgress = settleStart;
            long best = Long.MAX_VALUE;
            Instant lastReport = settleStart;
            List<String> differences = checks.balanceDifferences(orders);
            long lag = checks.lag();
            while ((!differences.isEmpty() || lag > 0)
                    && Duration.between(lastProgress, Instant.now()).compareTo(options.settle()) < 0) {
                LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                differences = checks.balanceDifferences(orders);
                lag = checks.lag();
                if (lag + differences.size() < best) {
                    best = lag + differences.size();
                    lastProgress = Instant.now();
                }
                if (Duration.between(lastReport, Instant.now()).toSeconds() >= 30) {
                    out.println("chaos: settling: " + lag + " records behind, " + differences.size()
                            + " balances still differ");
                    lastReport = Instant.now();
                }
            }
            Duration settling = Duration.between(settleStart, Instant.now());
            if (!differences.isEmpty() || checks.lag() > 0) {
                dumpThreads(platform, state.resolve("logs"), out);
            }
            ChaosChecks.Counts counts = checks.topics(sent);
            List<Duration> latencies = new ArrayList<>(counts.accrualLatencies());
            Collections.sort(latencies);
            long influencerBalances = orders.stream()
                    .map(o -> o.influencer().id() + " " + o.merchant().currency())
                    .distinct()
                    .count();
            Figures figures = new Figures(
                    options.webhooks(),
                    options.rate(),
                    accepted.get(),
                    sent.retried(),
                    sent.redelivered(),
                    sent.redeliveriesAnsweredOtherThan200(),
                    sent.rejected(),
                    counts.lost(),
                    counts.duplicated(),
                    checks.deadLetters(),
                    checks.outboxRows(),
                    differences,
                    (int) influencerBalances,
                    checks.ledgerImbalances(),
                    List.copyOf(faults),
                    counts.examples(),
                    sent.sending(),
                    settling,
                    percentile(latencies, 50),
                    percentile(latencies, 99),
                    latencies.isEmpty() ? Duration.ZERO : latencies.getLast());
            figures.print(out);
            return figures;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops what is left
            }
            mail.close();
        }
    }

    /**
     * The faults, each when the given share of the webhooks has been accepted: SIGKILL of one
     * commission-service instance (at 15 %) and, with every fault, of attribution-service (35 %), the
     * broker stopped for 20 s (55 %), every database connection terminated (75 %).
     */
    private static void strike(
            Options options,
            ProcessPlatform platform,
            KafkaServerProcess kafka,
            ChaosChecks checks,
            LongSupplier percentAccepted,
            AtomicBoolean sendingDone,
            List<String> faults,
            PrintStream out) {
        Instant start = Instant.now();
        // a restart takes a while (a JVM under load); the next fault does not wait for it
        List<Thread> restarts = new ArrayList<>();
        try {
            if (!at(percentAccepted, sendingDone, 15)) {
                return;
            }
            long before = platform.process("commission-service").pid();
            platform.kill("commission-service");
            record(faults, out, start, "SIGKILL commission-service (pid " + before + ", one of two instances)");
            restarts.add(restartLater(platform, "commission-service", faults, out, start));
            if (!options.allFaults()) {
                return;
            }
            if (!at(percentAccepted, sendingDone, 35)) {
                return;
            }
            platform.kill("attribution-service");
            record(faults, out, start, "SIGKILL attribution-service (its only instance)");
            restarts.add(restartLater(platform, "attribution-service", faults, out, start));
            if (!at(percentAccepted, sendingDone, 55)) {
                return;
            }
            kafka.stop();
            record(faults, out, start, "Kafka stopped");
            LockSupport.parkNanos(Duration.ofSeconds(20).toNanos());
            kafka.start();
            record(faults, out, start, "Kafka started again after 20 s");
            if (!at(percentAccepted, sendingDone, 75)) {
                return;
            }
            int terminated = checks.terminateConnections();
            record(faults, out, start, "pg_terminate_backend: " + terminated + " connections of the services closed");
        } catch (Exception e) {
            record(faults, out, start, "a fault could not be applied: " + e);
        } finally {
            for (Thread restart : restarts) {
                try {
                    restart.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** What each service's threads are doing, for a platform that did not settle: one file per service. */
    private static void dumpThreads(ProcessPlatform platform, Path dir, PrintStream out) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (String service : platform.names()) {
            Path file = dir.resolve(service.replace('#', '-') + ".threads.txt");
            try {
                Process dump = new ProcessBuilder(
                                jcmd.toString(),
                                Long.toString(platform.process(service).pid()),
                                "Thread.print")
                        .redirectErrorStream(true)
                        .redirectOutput(file.toFile())
                        .start();
                dump.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("chaos: no thread dump of " + service + ": " + e);
            }
        }
        out.println("chaos: the platform did not settle; thread dumps in " + dir + "/*.threads.txt");
    }

    private static Thread restartLater(
            ProcessPlatform platform, String service, List<String> faults, PrintStream out, Instant start) {
        return Thread.ofPlatform().name("chaos-restart-" + service).start(() -> {
            try {
                platform.restart(service);
                record(
                        faults,
                        out,
                        start,
                        service + " restarted (pid " + platform.process(service).pid() + ")");
            } catch (RuntimeException e) {
                record(faults, out, start, service + " did not restart: " + e.getMessage());
            }
        });
    }

    /** Waits until that share of the webhooks is accepted; false when the sending ended first. */
    private static boolean at(LongSupplier percentAccepted, AtomicBoolean sendingDone, int percent) {
        while (percentAccepted.getAsLong() < percent) {
            if (sendingDone.get()) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return true;
    }

    private static void record(List<String> faults, PrintStream out, Instant start, String what) {
        String line = String.format(
                "t+%.1f s %s", Duration.between(start, Instant.now()).toMillis() / 1000.0, what);
        faults.add(line);
        out.println("chaos: " + line);
    }

    private static Duration percentile(List<Duration> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
