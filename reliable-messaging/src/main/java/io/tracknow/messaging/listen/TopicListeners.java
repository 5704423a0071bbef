package io.tracknow.messaging.listen;

import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.messaging.inbox.IdempotentConsumer.Arrival;
import io.tracknow.messaging.kafka.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Subscribes every {@link TopicListener} of a service: one listener container per listener, made by
 * the service's Kafka listener container factory (so the dead-letter error handler and the concurrency
 * of {@code spring.kafka.listener.*} apply), in the service's consumer group (or the listener's own,
 * {@link TopicListener#groupSuffix}). Started and stopped with the application context.
 *
 * <p>Each poll's records (at most {@code spring.kafka.consumer.max-poll-records}) are applied in one
 * inbox transaction: one claim statement and one commit for the lot instead of one each. When that
 * transaction fails, they are applied again one transaction each, so that the failing record is
 * found: the ones before it are committed and the error handler retries it and then sends it to the
 * dead letters, as it would with one record at a time. A record that cannot be decoded, or is not the
 * topic's type, goes to the dead letters at once after those before it are applied.
 */
public class TopicListeners implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicListeners.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(TopicListeners.class);
    private static final String TRACEPARENT = "traceparent";

    private final List<ConcurrentMessageListenerContainer<Object, Object>> containers = new ArrayList<>();
    private volatile boolean running;

    @SuppressWarnings("unchecked")
    public TopicListeners(
            List<TopicListener<?>> listeners,
            ConcurrentKafkaListenerContainerFactory<?, ?> containerFactory,
            IdempotentConsumer inbox,
            String groupId) {
        var factory = (ConcurrentKafkaListenerContainerFactory<Object, Object>) containerFactory;
        for (TopicListener<?> listener : listeners) {
            ConcurrentMessageListenerContainer<Object, Object> container =
                    factory.createContainer(listener.topic().name());
            String group = groupId + listener.groupSuffix();
            container.getContainerProperties().setGroupId(group);
            container.setBeanName(group + "." + listener.consumer());
            // the listener carries each record's trace itself (IdempotentConsumer.Arrival); the container's
            // observation of a batch would only add an empty span per record
            container.getContainerProperties().setObservationEnabled(false);
            container.setupMessageListener(batchListener(listener, inbox));
            containers.add(container);
        }
    }

    private static <V extends SpecificRecord> BatchMessageListener<Object, Object> batchListener(
            TopicListener<V> listener, IdempotentConsumer inbox) {
        return records -> {
            List<Arrival<V>> arrivals = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<Object, Object> record = records.get(i);
                V event;
                try {
                    event = decode(listener, record);
                } catch (RuntimeException refused) {
                    // what came before it is applied; the error handler commits that, then dead-letters this one
                    applyAll(listener, inbox, arrivals);
                    throw new BatchListenerFailedException(refused.getMessage(), refused, i);
                }
                arrivals.add(new Arrival<>(event, traceparent(record)));
            }
            applyAll(listener, inbox, arrivals);
        };
    }

    /**
     * One transaction for all; if it fails, one transaction each, so that the event that fails is known
     * (the error handler retries it, then dead-letters it) and those before it are kept.
     */
    private static <V extends SpecificRecord> void applyAll(
            TopicListener<V> listener, IdempotentConsumer inbox, List<Arrival<V>> arrivals) {
        try {
            inbox.applyAll(listener.consumer(), arrivals, listener::prepare, listener::handle);
        } catch (RuntimeException batchFailed) {
            if (arrivals.size() == 1) {
                throw new BatchListenerFailedException(batchFailed.getMessage(), batchFailed, 0);
            }
            log.debug(
                    "{}: a run of {} events failed ({}); applying them one at a time",
                    listener.consumer(),
                    arrivals.size(),
                    batchFailed.toString());
            for (int i = 0; i < arrivals.size(); i++) {
                try {
                    inbox.applyAll(listener.consumer(), List.of(arrivals.get(i)), listener::prepare, listener::handle);
                } catch (RuntimeException failed) {
                    throw new BatchListenerFailedException(failed.getMessage(), failed, i);
                }
            }
        }
    }

    /**
     * The record's event; a {@code DeserializationException} when its value could not be decoded, an
     * {@link InvalidEventException} when it is not the topic's type.
     */
    private static <V extends SpecificRecord> V decode(
            TopicListener<V> listener, ConsumerRecord<Object, Object> record) {
        DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(
                record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (undecodable != null) {
            throw undecodable;
        }
        try {
            return listener.topic().cast(record.value());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage());
        }
    }

    private static String traceparent(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The containers, one per listener (for tests that wait for partition assignment). */
    public List<ConcurrentMessageListenerContainer<Object, Object>> containers() {
        return List.copyOf(containers);
    }

    /** Starts the containers, unless {@code spring.kafka.listener.auto-startup} is false (a test that only publishes). */
    @Override
    public void start() {
        containers.stream()
                .filter(ConcurrentMessageListenerContainer::isAutoStartup)
                .forEach(ConcurrentMessageListenerContainer::start);
        running = true;
    }

    @Override
    public void stop() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Late in start-up and early in shut-down, like Spring Kafka's own listener registry. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE;
    }
}
