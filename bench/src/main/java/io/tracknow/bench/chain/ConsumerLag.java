package io.tracknow.bench.chain;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag of every consumer group of the broker: for each partition a group has committed an offset
 * on, the partition's end (its last stable offset: what a read_committed consumer can reach, past
 * transaction markers) minus the committed offset.
 */
public final class ConsumerLag implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;

    public ConsumerLag(String bootstrap) {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "bench-lag"));
    }

    /** Lag per group (groups with nothing committed are left out), in group-name order. */
    public Map<String, Long> lagByGroup() {
        try {
            Set<String> groups = new HashSet<>();
            for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups())
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                groups.add(group.groupId());
            }
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = specs.isEmpty()
                    ? Map.of()
                    : admin.listConsumerGroupOffsets(specs).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            committed
                    .values()
                    .forEach(offsets -> offsets.keySet().forEach(tp -> partitions.put(tp, OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = partitions.isEmpty()
                    ? Map.of()
                    : admin.listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .all()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> lag = new TreeMap<>();
            committed.forEach((group, offsets) -> {
                long sum = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
                    if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                        sum += Math.max(
                                0,
                                ends.get(entry.getKey()).offset()
                                        - entry.getValue().offset());
                    }
                }
                if (!offsets.isEmpty()) {
                    lag.put(group, sum);
                }
            });
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the consumer groups' lag: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Polls every second until no group lags (or {@code patience} passed), printing the lag of the
     * groups behind each time when {@code out} is given; returns the seconds it took, NaN when it did
     * not happen in time.
     */
    public double awaitZero(Duration patience, java.io.PrintStream out) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Map<String, Long> byGroup = lagByGroup();
            long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (total == 0) {
                return elapsed;
            }
            if (out != null) {
                out.printf(java.util.Locale.ROOT, "  +%4.1fs  lag %d (%s)%n", elapsed, total, behind(byGroup));
            }
            if (elapsed >= patience.toSeconds()) {
                return Double.NaN;
            }
            Thread.sleep(Duration.ofSeconds(1));
        }
    }

    /** The groups that lag, e.g. "commission-service 120, notification-service 3". */
    static String behind(Map<String, Long> byGroup) {
        return byGroup.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
