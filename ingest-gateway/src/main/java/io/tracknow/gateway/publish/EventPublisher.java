package io.tracknow.gateway.publish;

import io.tracknow.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes straight to Kafka and completes only when the broker acknowledged the record (acks=all,
 * idempotent producer): the gateway answers 2xx only after that, so a webhook it accepted is never lost.
 * The publish timeout must cover the producer's own bound on a record (max.block.ms for metadata and
 * buffer space, then delivery.timeout.ms): a shorter one answers 503 while the producer may still
 * deliver the record, and the shop's retry then publishes a second copy. The gateway refuses to start
 * with such a configuration.
 */
@Component
public class EventPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final GatewayProperties properties;

    public EventPublisher(KafkaTemplate<String, Object> kafka, GatewayProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
        requireTimeoutCoversProducer(kafka.getProducerFactory().getConfigurationProperties(), properties.publishTimeout());
    }

    static void requireTimeoutCoversProducer(Map<String, Object> producer, Duration publishTimeout) {
        long maxBlock = millis(producer, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        long delivery = millis(producer, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        if (publishTimeout.toMillis() < maxBlock + delivery) {
            throw new IllegalStateException("tracknow.gateway.publish-timeout (" + publishTimeout.toMillis() + " ms) must be at"
                    + " least the producer's max.block.ms + delivery.timeout.ms (" + maxBlock + " + " + delivery + " ms):"
                    + " otherwise a record may still be delivered after the sender was told 503");
        }
    }

    private static long millis(Map<String, Object> producer, String name, long kafkaDefault) {
        Object value = producer.get(name);
        return value == null ? kafkaDefault : Long.parseLong(value.toString().trim());
    }

    public Mono<Void> publish(String topic, String key, SpecificRecord event) {
        // send() may block while it fetches metadata from an unreachable broker: keep it off the event loop
        return Mono.fromFuture(() -> kafka.send(topic, key, event))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.publishTimeout())
                .then();
    }
}
