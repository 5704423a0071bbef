package io.tracknow.bench.chain;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run chain}: webhook → orders.v1 → attribution → sales.v1 → commission accrued, at
 * steady offered rates. For each rate it sends unique signed deliveries of the demo order (which
 * attributes to {@code demo-influencer}, so each accrues a commission) for the duration, matches the
 * {@code CommissionAccrued} records of {@code commissions.v1} to the orders it sent, and prints the
 * end-to-end latency (record timestamp − send time), what was lost or doubled, and how long the
 * consumer groups took to catch up once the load stopped. Prints figures; asserts nothing.
 */
public final class ChainBench {

    static final String USAGE =
            "usage: bench/run chain [--rates 200,500,1000] [--duration 60s] [--warmup 10s] [--influencers 16]";
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final PrintStream out;
    private final String gatewayUrl;
    private final String bootstrap;
    private final String registryUrl;
    private final List<String> creators;

    private ChainBench(
            PrintStream out, String gatewayUrl, String bootstrap, String registryUrl, List<String> creators) {
        this.out = out;
        this.gatewayUrl = gatewayUrl;
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.creators = creators;
    }

    public static void main(String[] argv) throws InterruptedException {
        io.tracknow.bench.Options options;
        List<Integer> rates;
        Duration duration;
        Duration warmup;
        int influencers;
        try {
            options = io.tracknow.bench.Options.parse(
                    argv,
                    java.util.Set.of(
                            "rates",
                            "duration",
                            "warmup",
                            "influencers",
                            "gateway-url",
                            "bootstrap",
                            "registry-url",
                            "attribution-url",
                            "operator-token"));
            rates = options.positiveInts("rates", "200,500,1000");
            duration = options.duration("duration", "60s");
            warmup = options.duration("warmup", "10s");
            influencers = options.positiveInt("influencers", 16);
            if (influencers > 1 && options.text("attribution-url", "").isEmpty()) {
                throw new IllegalArgumentException("--influencers above 1 needs --attribution-url (ATTRIBUTION_URL),"
                        + " where the bench registers them");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        // Apicurio's client advises, through java.util.logging, on its shared Vert.x instance: noise here
        java.util.logging.Logger.getLogger("io.apicurio.registry.client.common.DefaultVertxInstance")
                .setLevel(java.util.logging.Level.SEVERE);
        List<String> creators;
        try {
            creators = BenchInfluencers.setUp(
                    options.text("attribution-url", ""),
                    options.text("operator-token", BenchInfluencers.DEMO_OPERATOR_TOKEN),
                    influencers);
        } catch (IOException | RuntimeException e) {
            System.err.println("setting up the bench's influencers failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "orders spread over %d influencer(s) of the demo merchant (%s)%n",
                creators.size(),
                creators.size() == 1 ? "demo-influencer" : "bench-influencer-0.." + (creators.size() - 1));
        ChainBench bench = new ChainBench(
                System.out,
                options.required("gateway-url"),
                options.required("bootstrap"),
                options.required("registry-url"),
                creators);
        // a started platform answers its first deliveries slowly (connections, producers, schema look-ups,
        // JIT): the first rate, for the warm-up's length, first, its figures printed but not kept
        System.out.printf(Locale.ROOT, "%nwarm-up (not in the summary)%n");
        bench.run(rates.getFirst(), warmup);
        List<String> rows = new ArrayList<>();
        for (int rate : rates) {
            rows.add(bench.run(rate, duration));
        }
        System.out.printf(Locale.ROOT, "%nsummary (%ss per rate)%n", duration.toSeconds());
        System.out.println(HEADER);
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static final String HEADER = String.format(
            Locale.ROOT,
            "%8s %9s %9s %9s %8s %8s %5s %5s %9s %9s %9s %12s",
            "offered",
            "sent/s",
            "accepted",
            "non-acc.",
            "accrued",
            "lost",
            "dup",
            "late",
            "p50 ms",
            "p99 ms",
            "max ms",
            "lag→0 s");

    /** One rate; returns its summary row. */
    private String run(int rate, Duration duration) throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36) + "r" + rate;
        String prefix = io.tracknow.bench.Deliveries.orderPrefix(runId);
        out.printf(
                Locale.ROOT,
                "%n%d webhooks/s offered for %ds (orders %s*) at %s%n",
                rate,
                duration.toSeconds(),
                prefix,
                gatewayUrl);
        try (CommissionWatcher commissions = new CommissionWatcher(bootstrap, registryUrl, prefix);
                ConsumerLag lag = new ConsumerLag(bootstrap);
                PacedSender sender = new PacedSender(gatewayUrl)) {
            PacedSender.Result sent = sender.run(runId, rate, duration, DRAIN, creators);
            out.printf(
                    Locale.ROOT,
                    "  sender: %d sent in %.1fs = %.0f/s offered (asked %d/s; at most %.1f ms behind schedule),"
                            + " %d in flight at most; answers: %d accepted, %d not accepted, %d failed, %d unanswered after %ds%n",
                    sent.sent(),
                    sent.sendSeconds(),
                    sent.sentPerSecond(),
                    rate,
                    sent.maxBehindMillis(),
                    sent.maxInFlight(),
                    sent.accepted(),
                    sent.notAccepted(),
                    sent.failed(),
                    sent.unanswered(),
                    DRAIN.toSeconds());
            double catchUp = awaitCaughtUp(lag, commissions, sent.accepted(), sent.sendEndNanos());
            return row(rate, sent, commissions, catchUp);
        }
    }

    /**
     * From the end of the load ({@code loadEnd}, System.nanoTime), polls every group's lag each second until all are 0 and every accepted order accrued (or 60 s);
     * returns the seconds it took, or NaN when it did not happen in time.
     */
    private double awaitCaughtUp(ConsumerLag lag, CommissionWatcher commissions, long accepted, long loadEnd)
            throws InterruptedException {
        long start = loadEnd;
        while (true) {
            Map<String, Long> byGroup = lag.lagByGroup();
            long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
            double elapsed = (System.nanoTime() - start) / 1e9;
            String behind = ConsumerLag.behind(byGroup);
            out.printf(
                    Locale.ROOT,
                    "  +%4.1fs  lag %d%s; accrued %d of %d%n",
                    elapsed,
                    total,
                    behind.isEmpty() ? "" : " (" + behind + ")",
                    commissions.accruedAt().size(),
                    accepted);
            if (total == 0 && commissions.accruedAt().size() >= accepted) {
                return elapsed;
            }
            if (elapsed >= CATCH_UP.toSeconds()) {
                out.printf(Locale.ROOT, "  not caught up after %ds%n", CATCH_UP.toSeconds());
                return Double.NaN;
            }
            Thread.sleep(Duration.ofSeconds(1));
        }
    }

    private String row(int rate, PacedSender.Result sent, CommissionWatcher commissions, double catchUp) {
        List<Long> latencies = new ArrayList<>();
        long duplicates = 0;
        long unexpected = 0;
        for (Map.Entry<String, List<Long>> accrued : commissions.accruedAt().entrySet()) {
            List<Long> timestamps = accrued.getValue();
            duplicates += timestamps.size() - 1;
            Long sentAt = sent.acceptedSentAtMillis().get(accrued.getKey());
            if (sentAt == null) {
                unexpected++; // accrued for an order whose answer was not "accepted" (or never came)
                continue;
            }
            latencies.add(timestamps.get(0) - sentAt);
        }
        long lost = sent.accepted() - latencies.size();
        latencies.sort(null);
        if (unexpected > 0) {
            out.printf(Locale.ROOT, "  %d orders accrued whose delivery was not answered \"accepted\"%n", unexpected);
        }
        if (commissions.undecodable() > 0) {
            out.printf(Locale.ROOT, "  %d records of commissions.v1 could not be decoded%n", commissions.undecodable());
        }
        String line = String.format(
                Locale.ROOT,
                "%8d %9.0f %9d %9d %8d %8d %5d %5.1f %9s %9s %9s %12s",
                rate,
                sent.sentPerSecond(),
                sent.accepted(),
                sent.notAccepted() + sent.failed() + sent.unanswered(),
                commissions.accruedAt().size(),
                lost,
                duplicates,
                sent.maxBehindMillis(),
                millis(percentile(latencies, 0.50)),
                millis(percentile(latencies, 0.99)),
                millis(latencies.isEmpty() ? Double.NaN : latencies.getLast()),
                Double.isNaN(catchUp) ? "> " + CATCH_UP.toSeconds() : String.format(Locale.ROOT, "%.1f", catchUp));
        out.println(HEADER);
        out.println(line);
        return line;
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }
}
