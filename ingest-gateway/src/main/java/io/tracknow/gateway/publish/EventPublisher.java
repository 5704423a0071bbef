package io.tracknow.gateway.publish;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.schemas.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
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

    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();

    private final KafkaTemplate<String, Object> kafka;
    private final GatewayProperties properties;

    public EventPublisher(KafkaTemplate<String, Object> kafka, GatewayProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
        requireTimeoutCoversProducer(
                kafka.getProducerFactory().getConfigurationProperties(), properties.publishTimeout());
    }

    static void requireTimeoutCoversProducer(Map<String, Object> producer, Duration publishTimeout) {
        long maxBlock = millis(producer, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        long delivery = millis(producer, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        if (publishTimeout.toMillis() < maxBlock + delivery) {
            throw new IllegalStateException(
                    "tracknow.gateway.publish-timeout (" + publishTimeout.toMillis() + " ms) must be at"
                            + " least the producer's max.block.ms + delivery.timeout.ms (" + maxBlock + " + " + delivery
                            + " ms):"
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
     * schema lookup, which the producer's own timeouts do not bound and the registry client does not time out),
     * so it runs on a worker thread, and when the caller gives up (timeout, or the sender hung up) a send still
     * blocked there is interrupted, so that an outage cannot pin workers. Its outcome is handed over as a value,
     * not as a Reactor error: a failure that arrives after the caller gave up (the interrupted registry lookup)
     * has no subscriber any more, and as an error it was reported by Reactor as an ERROR "onErrorDropped" with
     * its stack trace, for an outage already answered 503. It is noted at DEBUG instead.
     */
    public <V extends SpecificRecord> Mono<Void> publish(Topic<V> topic, V event) {
        return publish(topic, topic.keyOf(event), event);
    }

    /**
     * {@link #publish(Topic, SpecificRecord)} under a key made before (a delivery's, kept in the webhook log);
     * an event of another type than the topic's is refused, not sent.
     */
    public Mono<Void> publish(Topic<?> topic, String key, SpecificRecord event) {
        return Mono.defer(() -> send(topic.name(), key, topic.cast(event)));
    }

    private Mono<Void> send(String topic, String key, SpecificRecord event) {
        return Mono.deferContextual(context -> {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Disposable sending = Schedulers.boundedElastic().schedule(() -> {
                // the request's observation, from the Reactor context, is current while the record is sent:
                // the producer's span is its child and the record carries the trace (W3C traceparent header).
                // Explicit, because Reactor does not restore thread locals on every operator (the services
                // run with spring.reactor.context-propagation=limited: that restoring cost more CPU per webhook
                // than anything else in the gateway; docs/ingest-gateway.md, "Benchmark")
                try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
                    kafka.send(topic, key, event).whenComplete((sent, error) -> outcome.complete(error));
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
            });
            outcome.thenAccept(error -> {
                if (error != null) {
                    log.debug("publishing to {} ended with {}", topic, error.toString());
                }
            });
            return Mono.fromFuture(outcome, true) // true: giving up does not cancel the outcome, it stays a value
                    .flatMap(error -> Mono.<Void>error(error))
                    .timeout(properties.publishTimeout())
                    .doFinally(signal -> sending.dispose()); // interrupts a send still blocked; no-op once it returned
        });
    }
}
