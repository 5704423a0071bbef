package io.tracknow.messaging.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The wire format of every topic: String keys, Avro values in the Confluent framing (magic byte 0,
 * 4-byte registry content id, Avro binary, no Kafka headers), schemas registered under
 * {@code <topic>-value} in the default group, which is the subject Confluent-compatible readers ask
 * the registry's ccompat API for.
 */
public final class AvroSerde {

    private AvroSerde() {}

    /** Registry settings shared by serializer and deserializer. */
    public static Map<String, Object> registry(String registryUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", registryUrl);
        config.put("apicurio.registry.use-id", "contentId");
        config.put("apicurio.registry.headers.enabled", false);
        // register each topic's schema whole, without splitting nested types into references, so
        // that any Confluent-format reader (ClickHouse, Flink, Spark) can decode it on its own
        config.put("apicurio.registry.dereference-schema", true);
        // writers and readers looked up by the schema, not by a fingerprint computed for every record
        config.put("apicurio.registry.avro-datum-provider", SchemaKeyedDatumProvider.class.getName());
        return config;
    }

    public static Map<String, Object> producer(String registryUrl) {
        Map<String, Object> config = registry(registryUrl);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put("apicurio.registry.auto-register", true);
        config.put("apicurio.registry.auto-register.if-exists", "FIND_OR_CREATE_VERSION");
        return config;
    }

    /**
     * Consumer settings: a value that cannot be decoded does not stop the consumer; it reaches the
     * error handler, which sends it to the dead-letter topic without retrying.
     */
    public static Map<String, Object> consumer(String registryUrl) {
        Map<String, Object> config = registry(registryUrl);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, AvroKafkaDeserializer.class);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return config;
    }
}
