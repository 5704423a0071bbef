package io.tracknow.gateway.publish;

import io.tracknow.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    /** Runs a send on a bounded-elastic worker; the task is never disposed, so its thread is never interrupted. */
    private static final Executor NON_INTERRUPTING = task -> Schedulers.boundedElastic().schedule(task);

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

    /**
     * Completes when the broker acknowledged the record, fails with the producer's error, or times out after
     * the publish timeout. {@code send()} blocks (metadata from an unreachable broker; the Avro serializer's
     * schema lookup, which the producer's own timeouts do not bound), so it runs on a worker thread. That
     * thread is never interrupted when the caller gives up: interrupting the registry client mid-retry made
     * it log an ERROR with an InterruptedException, and the send's failure, arriving after the cancellation,
     * was then reported by Reactor as an ERROR "onErrorDropped". So the attempt is left to end on its own
     * (the producer and registry client bound it), and its outcome is read as a value: an error that arrives
     * after the timeout is no longer anyone's concern (the sender was answered 503 and retries) and is only
     * noted at DEBUG.
     */
    public Mono<Void> publish(String topic, String key, SpecificRecord event) {
        CompletableFuture<Throwable> outcome = CompletableFuture
                .supplyAsync(() -> kafka.send(topic, key, event), NON_INTERRUPTING)
                .thenCompose(Function.identity())
                .handle((sent, error) -> {
                    if (error != null) {
                        log.debug("publishing to {} ended with {}", topic, error.toString());
                    }
                    return error;
                });
        return Mono.fromFuture(outcome, true) // true: cancelling the Mono leaves the attempt alone
                .flatMap(error -> Mono.<Void>error(error instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : error))
                .timeout(properties.publishTimeout());
    }
}
