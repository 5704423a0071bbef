package io.tracknow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * CPU time of processes as Linux counts it: utime + stime of {@code /proc/<pid>/stat} (fields 14 and
 * 15), in clock ticks of {@code getconf CLK_TCK}. For PostgreSQL, every process whose {@code comm}
 * starts with "postgres" (postmaster, backends, background workers), process by process: a backend that
 * ends between two readings takes its ticks with it, so the figure is an approximation when
 * connections close in between.
 */
public final class ProcCpu {

    private static final Path PROC = Path.of("/proc");

    private final long ticksPerSecond;

    public ProcCpu(long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be positive, not " + ticksPerSecond);
        }
        this.ticksPerSecond = ticksPerSecond;
    }

    /** With the clock ticks per second of {@code getconf CLK_TCK} (100 if it cannot be run). */
    public static ProcCpu fromGetconf() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor() == 0 && out.matches("\\d+")) {
                return new ProcCpu(Long.parseLong(out));
            }
        } catch (IOException e) {
            // no getconf: Linux's usual USER_HZ below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ProcCpu(100);
    }

    /** Milliseconds of CPU a number of ticks stands for. */
    public double millis(long ticks) {
        return ticks * 1000.0 / ticksPerSecond;
    }

    /** utime + stime of one process, or empty when it is gone (or there is no such pid). */
    public OptionalLong ticks(long pid) {
        try {
            return OptionalLong.of(
                    parseTicks(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** utime + stime of each PostgreSQL server process running now, by pid. */
    public Map<Long, Long> postgresTicks() {
        return postgresTicks(process -> true);
    }

    /**
     * utime + stime of each PostgreSQL backend serving {@code database} now, by pid: a backend's process
     * title ({@code /proc/<pid>/cmdline}, e.g. "postgres: 15/main: postgres tracknow_x 127.0.0.1(4711) idle")
     * names its database. The server's shared work (WAL writer, checkpointer) is not in it.
     */
    public Map<Long, Long> postgresTicks(String database) {
        return postgresTicks(process -> servesDatabase(readOrEmpty(process.resolve("cmdline")), database));
    }

    private Map<Long, Long> postgresTicks(Predicate<Path> which) {
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : entries) {
                try {
                    if (Files.readString(process.resolve("comm")).startsWith("postgres") && which.test(process)) {
                        ticks.put(
                                Long.parseLong(process.getFileName().toString()),
                                parseTicks(Files.readString(process.resolve("stat"))));
                    }
                } catch (IOException gone) {
                    // ended while being read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return ticks;
    }

    /** Whether a PostgreSQL process title (cmdline, NUL-separated) is that of a backend of this database. */
    static boolean servesDatabase(String cmdline, String database) {
        String title = cmdline.replace('\0', ' ').trim();
        if (!title.startsWith("postgres:")) {
            return false; // the postmaster itself, or a title not set
        }
        for (String word : title.split("\\s+")) {
            if (word.equals(database)) {
                return true;
            }
        }
        return false;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            return "";
        }
    }

    /**
     * The CPU ticks PostgreSQL spent between two readings: for a process in both, the difference; for one
     * that started in between, all of its ticks; one that ended in between is left out (what it spent
     * since the first reading is lost with it), so the figure may be a little low, never negative.
     */
    public static long postgresTicksBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> process : after.entrySet()) {
            long earlier = before.getOrDefault(process.getKey(), 0L);
            sum += Math.max(0, process.getValue() - earlier);
        }
        return sum;
    }

    /**
     * utime + stime from a {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses
     * and may itself hold spaces or parentheses, so fields are counted after the last ')': field 3 is
     * the first after it, utime is field 14 and stime field 15.
     */
    static long parseTicks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        // fields[0] is field 3 (state): utime (14) is fields[11], stime (15) fields[12]
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + stat);
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
