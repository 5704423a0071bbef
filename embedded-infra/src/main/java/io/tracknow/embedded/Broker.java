package io.tracknow.embedded;

/** A Kafka broker the platform runs against: in this JVM ({@link KafkaBroker}) or its own process ({@link KafkaServerProcess}). */
public interface Broker extends AutoCloseable {

    /** The address clients bootstrap from, e.g. {@code 127.0.0.1:9092}. */
    String bootstrapServers();

    @Override
    void close();
}
