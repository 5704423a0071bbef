package io.tracknow.bench.chain;

import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.messaging.kafka.AvroSerde;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads {@code commissions.v1} from its end as the services read it (the Apicurio deserializer with
 * reliable-messaging's settings, committed records only), without a consumer group (it assigns itself
 * every partition and commits nothing, so it is not among the groups whose lag is measured), and
 * keeps, for each order of this run, the timestamps of its {@code CommissionAccrued} records. The
 * record timestamp is set by commission-service's outbox relay when it publishes, which is after the
 * commission's transaction committed.
 */
final class CommissionWatcher implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final String orderPrefix;
    private final Map<String, List<Long>> accruedAt = new ConcurrentHashMap<>();
    private final AtomicLong undecodable = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    /** Starts reading from the topic's current end (fixed before this returns). */
    CommissionWatcher(String bootstrap, String registryUrl, String orderPrefix) {
        this.orderPrefix = orderPrefix;
        Map<String, Object> config = AvroSerde.consumer(registryUrl);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-chain-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(Topics.COMMISSIONS.name(), Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().name("bench-commissions").start(this::poll);
    }

    private void poll() {
        try {
            while (!stopped) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!(record.value() instanceof CommissionEvent event)) {
                        undecodable.incrementAndGet();
                        continue;
                    }
                    String orderId = event.getExternalOrderId();
                    if (event.getEvent() instanceof CommissionAccrued && orderId.startsWith(orderPrefix)) {
                        accruedAt
                                .computeIfAbsent(orderId, id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(record.timestamp());
                    }
                }
            }
        } catch (WakeupException e) {
            // close(): a normal end
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Orders of this run with a commission accrued so far, each with its records' timestamps. */
    Map<String, List<Long>> accruedAt() {
        return accruedAt;
    }

    /** Records of the topic the deserializer could not decode (should be 0). */
    long undecodable() {
        return undecodable.get();
    }

    @Override
    public void close() {
        stopped = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
