package io.tracknow.bench;

import io.tracknow.bench.chain.ConsumerLag;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code bench/run gateway}: the gateway against a bare WebFlux endpoint, alternated in one run with
 * wrk (gateway, bare, gateway, bare... after a warm-up of each), for each connection count. Every
 * gateway round sends a fresh file of unique signed deliveries, each at most once; the bare rounds
 * send the same requests. Only 200 answers saying "accepted" count. During each round it reads the
 * CPU time of the gateway's JVM, of every PostgreSQL process, of the backends of the gateway's own
 * database and of the bare JVM, and prints CPU per accepted webhook. Prints figures; asserts nothing.
 */
public final class GatewayBench {

    static final String USAGE = "usage: bench/run gateway [--connections 8,64] [--duration 30s] [--warmup 10s]"
            + " [--rounds 2] [--threads 2] [--max-rate 10000] [--floor]";
    /** The gateway refuses deliveries stamped more than 5 minutes from its clock: a file must be sent sooner. */
    private static final Duration LONGEST_ROUND = Duration.ofMinutes(4);
    /** Longest wait for the platform's consumers after a gateway round. */
    private static final Duration SETTLE = Duration.ofMinutes(3);

    private final PrintStream out;
    private final Wrk wrk;
    private final ProcCpu cpu = ProcCpu.fromGetconf();
    private final Path workDir;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private int files;
    /** The platform's consumer groups, to let the chain work off each gateway round before the next round; null without a broker address. */
    private final ConsumerLag lag;

    /** The gateway's database, for the CPU of its own PostgreSQL backends; null when not known. */
    private final String gatewayDatabase;

    /** The gateway's JVM, which holds the broker in the embedded platform; -1 when not known. */
    private long platformPid = -1;

    private GatewayBench(PrintStream out, Wrk wrk, Path workDir, ConsumerLag lag, String gatewayDatabase) {
        this.out = out;
        this.wrk = wrk;
        this.workDir = workDir;
        this.lag = lag;
        this.gatewayDatabase = gatewayDatabase;
    }

    /** One round's figures. */
    record Round(
            String target,
            int connections,
            String round,
            Wrk.Result wrk,
            double jvmCpuMillis,
            double pgCpuMillis,
            double pgGatewayCpuMillis,
            double platformCpuMillis) {}

    public static void main(String[] argv) {
        Options args;
        List<Integer> connections;
        Duration duration;
        Duration warmup;
        int rounds;
        int maxRate;
        try {
            args = Options.parse(
                    argv,
                    Set.of(
                            "connections",
                            "duration",
                            "warmup",
                            "rounds",
                            "threads",
                            "max-rate",
                            "gateway-url",
                            "gateway-pid",
                            "bare-url",
                            "bare-pid",
                            "floor-url",
                            "floor-pid",
                            "bootstrap",
                            "gateway-database",
                            "lua",
                            "work-dir"));
            connections = args.positiveInts("connections", "8,64");
            duration = args.duration("duration", "30s");
            warmup = args.duration("warmup", "10s");
            rounds = args.positiveInt("rounds", 2);
            maxRate = args.positiveInt("max-rate", 10_000);
            for (Duration d : List.of(duration, warmup)) {
                if (d.compareTo(LONGEST_ROUND) > 0 || d.toSeconds() < 1) {
                    throw new IllegalArgumentException("--duration and --warmup must be between 1s and "
                            + LONGEST_ROUND.toSeconds() + "s (the gateway refuses a delivery stamped more than 5"
                            + " minutes ago, and each round's file is stamped just before it)");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String bootstrap = args.text("bootstrap", null);
        GatewayBench bench = new GatewayBench(
                System.out,
                new Wrk(Path.of(args.required("lua")), args.positiveInt("threads", 2), ProcCpu.fromGetconf()),
                Path.of(args.required("work-dir")),
                bootstrap == null ? null : new ConsumerLag(bootstrap),
                args.text("gateway-database", null));
        List<Target> targets = new ArrayList<>();
        targets.add(new Target(
                "gateway",
                args.required("gateway-url") + Deliveries.PATH,
                args.optionalLong("gateway-pid"),
                Target.Kind.GATEWAY));
        String floor = args.text("floor-url", null);
        if (floor != null) {
            for (String mode : List.of("kafka", "kafka-pg", "kafka-pg-batched")) {
                targets.add(new Target(
                        "floor:" + mode,
                        floor + "/" + mode + Deliveries.PATH,
                        args.optionalLong("floor-pid"),
                        Target.Kind.FLOOR));
            }
        }
        targets.add(new Target(
                "bare", args.required("bare-url") + Deliveries.PATH, args.optionalLong("bare-pid"), Target.Kind.BARE));
        try {
            bench.run(targets, connections, duration, warmup, rounds, maxRate);
        } catch (RuntimeException e) {
            System.err.println("bench failed: " + e.getMessage());
            System.exit(1);
        } finally {
            if (bench.lag != null) {
                bench.lag.close();
            }
        }
        System.exit(0);
    }

    /**
     * One endpoint under load: the gateway (first), the floor endpoints ({@code floor:kafka},
     * {@code floor:kafka-pg}, {@code floor:kafka-pg-batched}, with {@code --floor}) and the bare endpoint (last).
     */
    record Target(String name, String url, long pid, Kind kind) {
        enum Kind {
            GATEWAY,
            FLOOR,
            BARE
        }
    }

    private void run(
            List<Target> targets,
            List<Integer> connectionCounts,
            Duration duration,
            Duration warmup,
            int rounds,
            int maxRate) {
        out.printf(
                Locale.ROOT,
                "%s; %d CPUs; %s per round, warm-up %s, %d rounds each; files sized for %d deliveries/s%n",
                String.join(
                        " vs ",
                        targets.stream()
                                .map(t -> String.format(
                                        Locale.ROOT,
                                        "%s %s (pid %s)",
                                        t.name(),
                                        t.url(),
                                        t.pid() < 0 ? "unknown: no JVM CPU" : t.pid()))
                                .toList()),
                Runtime.getRuntime().availableProcessors(),
                duration.toSeconds() + "s",
                warmup.toSeconds() + "s",
                rounds,
                maxRate);
        platformPid = targets.stream()
                .filter(t -> t.kind() == Target.Kind.GATEWAY)
                .mapToLong(Target::pid)
                .findFirst()
                .orElse(-1);
        List<Round> all = new ArrayList<>();
        for (int connections : connectionCounts) {
            out.printf(Locale.ROOT, "%n%d connections%n", connections);
            header();
            Path warm = deliveries(warmup, maxRate);
            for (Target target : targets) {
                print(round(target, connections, "warm-up", warm, warmup));
                settleAfter(target);
            }
            delete(warm);
            for (int r = 1; r <= rounds; r++) {
                Path file = deliveries(duration, maxRate);
                for (Target target : targets) {
                    Round round = round(target, connections, Integer.toString(r), file, duration);
                    print(round);
                    all.add(round);
                    settleAfter(target);
                }
                delete(file);
            }
        }
        summary(all, targets, connectionCounts);
    }

    /**
     * One round of one target. The gateway and the floor endpoints send each delivery of the file at most
     * once (a unique order id per request, as a dedupe record needs), the bare endpoint cycles through it.
     * PostgreSQL's CPU is read for every target that writes (all but the bare one).
     */
    private Round round(Target target, int connections, String name, Path file, Duration duration) {
        long pid = target.pid();
        boolean gateway = target.kind() == Target.Kind.GATEWAY;
        boolean once = target.kind() != Target.Kind.BARE;
        // a floor's broker is the platform's: its JVM's CPU during a floor round is the broker's share
        long platform = target.kind() == Target.Kind.FLOOR ? platformPid : -1;
        OptionalLong platformBefore = platform < 0 ? OptionalLong.empty() : cpu.ticks(platform);
        OptionalLong jvmBefore = pid < 0 ? OptionalLong.empty() : cpu.ticks(pid);
        boolean ownDatabase = gateway && gatewayDatabase != null;
        Map<Long, Long> pgBefore = once ? cpu.postgresTicks() : Map.of();
        Map<Long, Long> pgOwnBefore = ownDatabase ? cpu.postgresTicks(gatewayDatabase) : Map.of();
        Wrk.Result result = wrk.run(target.url(), connections, duration, file, once);
        OptionalLong jvmAfter = pid < 0 ? OptionalLong.empty() : cpu.ticks(pid);
        OptionalLong platformAfter = platform < 0 ? OptionalLong.empty() : cpu.ticks(platform);
        Map<Long, Long> pgAfter = once ? cpu.postgresTicks() : Map.of();
        Map<Long, Long> pgOwnAfter = ownDatabase ? cpu.postgresTicks(gatewayDatabase) : Map.of();
        double answered = once ? result.accepted() : result.accepted() + result.other();
        double jvm = jvmBefore.isPresent() && jvmAfter.isPresent() && answered > 0
                ? cpu.millis(jvmAfter.getAsLong() - jvmBefore.getAsLong()) / answered
                : Double.NaN;
        double pg = once && answered > 0
                ? cpu.millis(ProcCpu.postgresTicksBetween(pgBefore, pgAfter)) / answered
                : Double.NaN;
        double pgOwn = ownDatabase && answered > 0
                ? cpu.millis(ProcCpu.postgresTicksBetween(pgOwnBefore, pgOwnAfter)) / answered
                : Double.NaN;
        double broker = platformBefore.isPresent() && platformAfter.isPresent() && answered > 0
                ? cpu.millis(platformAfter.getAsLong() - platformBefore.getAsLong()) / answered
                : Double.NaN;
        return new Round(target.name(), connections, name, result, jvm, pg, pgOwn, broker);
    }

    private void settleAfter(Target target) {
        if (target.kind() == Target.Kind.GATEWAY) {
            settle();
        }
    }

    /**
     * Waits (at most 3 minutes) until the platform's consumers have worked off what the gateway round
     * published, so that the next round, of either target, does not share the CPU with them.
     */
    private void settle() {
        if (lag == null) {
            return;
        }
        try {
            double seconds = lag.awaitZero(SETTLE, null);
            out.printf(
                    Locale.ROOT,
                    "         (the platform's consumers caught up %s)%n",
                    Double.isNaN(seconds)
                            ? "NOT within " + SETTLE.toSeconds() + "s"
                            : String.format(Locale.ROOT, "in %.0fs", seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A fresh file of unique deliveries, enough for {@code duration} at {@code maxRate}. */
    private Path deliveries(Duration duration, int maxRate) {
        long count = Math.max(1000, duration.toSeconds() * maxRate + maxRate);
        if (count > 5_000_000) {
            throw new IllegalArgumentException(
                    "--max-rate × --duration asks for " + count + " deliveries in one file;" + " at most 5,000,000");
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
        Path file = workDir.resolve("deliveries-" + runId + "-" + (++files) + ".tsv");
        Deliveries.write(file, runId + "-" + files, (int) count, Instant.now().getEpochSecond());
        return file;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private void header() {
        out.printf(
                Locale.ROOT,
                "%-16s %5s %7s %11s %8s %8s %8s %13s %7s %14s %12s %13s %11s %8s%n",
                "target",
                "conns",
                "round",
                "accepted/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "non-accepted",
                "errors",
                "JVM ms CPU/ok",
                "PG ms CPU/ok",
                "PG gw db /ok",
                "broker /ok",
                "wrk CPU");
    }

    private void print(Round round) {
        Wrk.Result r = round.wrk();
        out.printf(
                Locale.ROOT,
                "%-16s %5d %7s %11.0f %8.1f %8.1f %8.1f %13d %7d %14s %12s %13s %11s %7.0f%%%s%n",
                round.target(),
                round.connections(),
                round.round(),
                r.acceptedPerSecond(),
                r.p50Millis(),
                r.p99Millis(),
                r.maxMillis(),
                r.other(),
                r.socketErrors() + r.timeouts(),
                millis(round.jvmCpuMillis()),
                millis(round.pgCpuMillis()),
                millis(round.pgGatewayCpuMillis()),
                millis(round.platformCpuMillis()),
                100 * r.wrkCpuSeconds() / r.seconds(),
                r.exhausted() ? "  FILE EXHAUSTED: raise --max-rate" : "");
        out.flush();
    }

    private void summary(List<Round> all, List<Target> targets, List<Integer> connectionCounts) {
        out.printf(Locale.ROOT, "%nsummary (mean of the rounds; ratio = target accepted/s / bare answered/s)%n");
        out.printf(
                Locale.ROOT,
                "%5s %-16s %12s %12s %8s %16s %16s%n",
                "conns",
                "target",
                "accepted/s",
                "bare/s",
                "ratio",
                "p50/p99",
                "bare p50/p99");
        List<Target> measured =
                targets.stream().filter(t -> t.kind() != Target.Kind.BARE).toList();
        for (int connections : connectionCounts) {
            List<Wrk.Result> bare = results(all, "bare", connections);
            double b = mean(bare, Wrk.Result::acceptedPerSecond);
            for (Target target : measured) {
                List<Wrk.Result> results = results(all, target.name(), connections);
                double t = mean(results, Wrk.Result::acceptedPerSecond);
                out.printf(
                        Locale.ROOT,
                        "%5d %-16s %12.0f %12.0f %8.3f %16s %16s%n",
                        connections,
                        target.name(),
                        t,
                        b,
                        t / b,
                        percentiles(results),
                        percentiles(bare));
            }
        }
        for (int connections : connectionCounts) {
            List<Wrk.Result> bare = results(all, "bare", connections);
            for (Target target : measured) {
                List<Wrk.Result> results = results(all, target.name(), connections);
                List<String> ratios = new ArrayList<>();
                for (int i = 0; i < Math.min(results.size(), bare.size()); i++) {
                    ratios.add(String.format(
                            Locale.ROOT,
                            "%.3f",
                            results.get(i).acceptedPerSecond() / bare.get(i).acceptedPerSecond()));
                }
                out.printf(
                        Locale.ROOT,
                        "ratio per round at %d connections, %s: %s%n",
                        connections,
                        target.name(),
                        String.join(", ", ratios));
            }
        }
        if (measured.size() > 1) {
            out.println("floor:kafka answers after an acks=all publish of the body, floor:kafka-pg also after an"
                    + " INSERT of its order id, floor:kafka-pg-batched after a multi-row INSERT of the waiting ids"
                    + " (group commit): the least the gateway's guarantees cost, a ceiling for its ratio; broker /ok:"
                    + " the platform JVM's CPU (the broker, in the embedded platform) per answer of a floor round");
        }
        out.println("PG ms CPU/ok: every PostgreSQL process (the consumers' databases and the server's WAL writer"
                + " too); PG gw db /ok: only the backends of the gateway's own database");
        out.println("wrk CPU: wrk's user+system time while it sent, over the round's wall time (100% = one core);"
                + " well below its threads × 100% means wrk was not what limited the rate");
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String percentiles(List<Wrk.Result> results) {
        return String.format(
                Locale.ROOT,
                "%.1f/%.1f ms",
                mean(results, Wrk.Result::p50Millis),
                mean(results, Wrk.Result::p99Millis));
    }

    private static List<Wrk.Result> results(List<Round> all, String target, int connections) {
        return all.stream()
                .filter(r -> r.target().equals(target) && r.connections() == connections)
                .map(Round::wrk)
                .toList();
    }

    private static double mean(List<Wrk.Result> results, java.util.function.ToDoubleFunction<Wrk.Result> figure) {
        return results.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }
}
