package io.tracknow.messaging.testsupport;

import io.tracknow.messaging.kafka.AvroSerde;
import io.tracknow.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning in a test, decoding values with the platform's Avro serde (or as
 * raw bytes), so a test can wait for the records it expects.
 */
public final class TopicProbe<V> implements AutoCloseable {

    private final KafkaConsumer<Object, V> consumer;
    private final List<ConsumerRecord<Object, V>> seen = new ArrayList<>();

    private TopicProbe(Map<String, Object> config, String topic) {
        this.consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Decodes values as the services do (SpecificRecord classes from schemas). */
    /** Reads {@code topic}'s values, typed as the topic's value type. */
    public static <V extends SpecificRecord> TopicProbe<V> avro(Topic<V> topic) {
        return avro(topic.name());
    }

    public static <V> TopicProbe<V> avro(String topic) {
        Map<String, Object> config = base();
        config.putAll(AvroSerde.consumer(TestInfra.infra().registry().apiUrl()));
        return new TopicProbe<>(config, topic);
    }

    /** Raw key and value bytes, as an analytics tool sees them. */
    public static TopicProbe<byte[]> raw(String topic) {
        Map<String, Object> config = base();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new TopicProbe<>(config, topic);
    }

    private static Map<String, Object> base() {
        Map<String, Object> config = new HashMap<>();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.infra().kafka().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** Everything read so far, after one more poll. */
    public List<ConsumerRecord<Object, V>> records() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return List.copyOf(seen);
    }

    public List<V> values(Predicate<V> filter) {
        return records().stream()
                .map(ConsumerRecord::value)
                .filter(v -> v != null && filter.test(v))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
