package io.tracknow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One wrk run with {@code bench/wrk/deliveries.lua}: its BENCH line (counts and latency from the script's
 * {@code done()}) and wrk's own CPU time while it sent (user + system of {@code /proc/<wrk>/stat}).
 */
final class Wrk {

    private final Path script;
    private final int threads;
    private final ProcCpu cpu;

    Wrk(Path script, int threads, ProcCpu cpu) {
        this.script = script;
        this.threads = threads;
        this.cpu = cpu;
    }

    /** What wrk measured in one run. */
    record Result(
            long accepted,
            long other,
            boolean exhausted,
            double seconds,
            double p50Millis,
            double p99Millis,
            double maxMillis,
            long socketErrors,
            long timeouts,
            double wrkCpuSeconds) {

        double acceptedPerSecond() {
            return accepted / seconds;
        }
    }

    /**
     * Runs wrk against {@code url} for {@code duration} with {@code connections}, sending the file's
     * deliveries {@code once} (each at most once) or cycling through them.
     */
    Result run(String url, int connections, Duration duration, Path deliveries, boolean once) {
        int wrkThreads = Math.min(threads, connections);
        List<String> command = List.of(
                "wrk",
                "-t" + wrkThreads,
                "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url,
                "--",
                deliveries.toString(),
                once ? "once" : "cycle",
                Integer.toString(wrkThreads));
        String out;
        int status;
        try {
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = wrk.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run wrk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while wrk ran", e);
        }
        String benchLine = out.lines()
                .filter(line -> line.startsWith("BENCH "))
                .findFirst()
                .orElse(null);
        if (status != 0 || benchLine == null) {
            throw new IllegalStateException("wrk failed (exit " + status + "):\n" + out);
        }
        return parse(benchLine.substring("BENCH ".length()), cpu);
    }

    /**
     * Reads the script's BENCH line. wrk's CPU time is that of the whole process between the end of the
     * threads' init() (the file loaded) and done(), as the script read it from /proc/self/stat.
     */
    static Result parse(String benchLine, ProcCpu cpu) {
        Map<String, Long> fields = new HashMap<>();
        for (String pair : benchLine.trim().split("\\s+")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], Long.parseLong(kv[1]));
        }
        return new Result(
                get(fields, "accepted"),
                get(fields, "other"),
                get(fields, "exhausted") > 0,
                get(fields, "duration_us") / 1e6,
                get(fields, "p50_us") / 1e3,
                get(fields, "p99_us") / 1e3,
                get(fields, "max_us") / 1e3,
                get(fields, "connect_errors") + get(fields, "read_errors") + get(fields, "write_errors"),
                get(fields, "timeouts"),
                get(fields, "cpu_loaded_ticks") < 0
                        ? Double.NaN
                        : cpu.millis(get(fields, "cpu_done_ticks") - get(fields, "cpu_loaded_ticks")) / 1000);
    }

    private static long get(Map<String, Long> fields, String name) {
        Long value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("wrk's BENCH line lacks " + name + ": " + fields);
        }
        return value;
    }
}
