package io.tracknow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka as its own process keeps what it acknowledged across a clean stop and a SIGKILL, comes back
 * on the same port, and has every platform topic with {@link KafkaServerProcess#PARTITIONS} partitions.
 */
class KafkaServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void keepsItsTopicsAndRecordsAcrossAStopAndAKillOnTheSamePort() throws Exception {
        KafkaServerProcess kafka = KafkaServerProcess.start(dir, FreePorts.next(), FreePorts.next());
        try {
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                var topics =
                        admin.describeTopics(Topics.names()).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.names());
                topics.values().forEach(topic -> assertThat(topic.partitions()).hasSize(KafkaServerProcess.PARTITIONS));
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsAll(Topics.ALL.stream()
                                .filter(t -> !t.compacted())
                                .map(Topic::dlq)
                                .toList());
            }
            send(kafka, "before-stop");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            assertThatThrownBy(() -> send(kafka, "while-down")).isInstanceOf(Exception.class);
            kafka.start();
            send(kafka, "after-restart");

            kafka.kill();
            kafka.start();

            assertThat(readAll(kafka)).containsExactly("before-stop", "after-restart");
        } finally {
            kafka.close();
        }
        assertThat(kafka.isRunning()).isFalse();
    }

    private static void send(KafkaServerProcess kafka, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                3000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                3000))) {
            producer.send(new ProducerRecord<>(Topics.ORDERS.dlq(), "k", value)).get(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(KafkaServerProcess kafka) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(Topics.ORDERS.dlq(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
