package io.tracknow.messaging.listen;

import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.messaging.kafka.InvalidEventException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/**
 * Subscribes every {@link TopicListener} of a service: one listener container per listener, made by
 * the service's Kafka listener container factory (so the dead-letter error handler, concurrency and
 * observation of {@code spring.kafka.listener.*} apply), in the service's consumer group. Started and
 * stopped with the application context.
 */
public class TopicListeners implements SmartLifecycle {

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
            container.getContainerProperties().setGroupId(groupId);
            container.setBeanName(groupId + "." + listener.consumer());
            container.setupMessageListener(messageListener(listener, inbox));
            containers.add(container);
        }
    }

    private static <V extends SpecificRecord> MessageListener<Object, Object> messageListener(
            TopicListener<V> listener, IdempotentConsumer inbox) {
        return (ConsumerRecord<Object, Object> record) -> {
            V event;
            try {
                event = listener.topic().cast(record.value());
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(e.getMessage());
            }
            inbox.apply(listener.consumer(), event, listener::handle);
        };
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
