package io.tracknow.gateway.publish;

import io.tracknow.gateway.config.GatewayProperties;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes straight to Kafka and completes only when the broker acknowledged the record (acks=all,
 * idempotent producer): the gateway answers 2xx only after that, so a webhook it accepted is never lost.
 */
@Component
public class EventPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final GatewayProperties properties;

    public EventPublisher(KafkaTemplate<String, Object> kafka, GatewayProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    public Mono<Void> publish(String topic, String key, SpecificRecord event) {
        // send() may block while it fetches metadata from an unreachable broker: keep it off the event loop
        return Mono.fromFuture(() -> kafka.send(topic, key, event))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.publishTimeout())
                .then();
    }
}
