package io.tracknow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk run with {@code bench/wrk/deliveries.lua}: its BENCH line (counts and latency from the script's
 * {@code done()}) and wrk's own CPU time (user + system, from the shell's {@code times} after it ended).
 */
final class Wrk {

    private static final Pattern BENCH = Pattern.compile("^BENCH (.*)$", Pattern.MULTILINE);
    /** The second line of bash's {@code times}: the children's user and system time, e.g. {@code 0m1.234s 0m0.456s}. */
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*$");

    private final Path script;
    private final int threads;

    Wrk(Path script, int threads) {
        this.script = script;
        this.threads = threads;
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
                "bash",
                "-c",
                "wrk \"$@\"; status=$?; times; exit $status",
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
        Matcher bench = BENCH.matcher(out);
        if (status != 0 || !bench.find()) {
            throw new IllegalStateException("wrk failed (exit " + status + "):\n" + out);
        }
        return parse(bench.group(1), out);
    }

    static Result parse(String benchLine, String wholeOutput) {
        Map<String, Long> fields = new HashMap<>();
        for (String pair : benchLine.trim().split("\\s+")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], Long.parseLong(kv[1]));
        }
        Matcher times = TIMES.matcher(wholeOutput.strip());
        double cpu = times.find()
                ? Long.parseLong(times.group(1)) * 60
                        + Double.parseDouble(times.group(2))
                        + Long.parseLong(times.group(3)) * 60
                        + Double.parseDouble(times.group(4))
                : Double.NaN;
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
                cpu);
    }

    private static long get(Map<String, Long> fields, String name) {
        Long value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("wrk's BENCH line lacks " + name + ": " + fields);
        }
        return value;
    }
}
