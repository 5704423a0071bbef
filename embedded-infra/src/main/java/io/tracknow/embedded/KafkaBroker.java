package io.tracknow.embedded;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode, run from Apache Kafka's own server classes in this
 * JVM (through spring-kafka-test), with every platform topic and its dead-letter topic created
 * (compacted topics, tables that no consumer group reads, have none).
 */
public final class KafkaBroker implements Broker {

    /** Partitions per platform topic: enough to show keyed ordering, few enough for a laptop. */
    public static final int PARTITIONS = 3;

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /**
     * Starts a broker. Kafka's KRaft test kit chooses the listener port itself (spring-kafka-test
     * 4.0 ignores {@code kafkaPorts} for KRaft), so callers read {@link #bootstrapServers()}.
     */
    public static KafkaBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        broker.addTopics(PlatformTopics.all(PARTITIONS).toArray(NewTopic[]::new));
        return new KafkaBroker(broker);
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    public EmbeddedKafkaKraftBroker raw() {
        return broker;
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
