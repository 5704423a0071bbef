package io.tracknow.messaging.listen;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracknow.events.clicks.LinkClicked;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import reactor.core.publisher.Mono;

class TopicListenersTest {

    static class Listener extends TopicListener<LinkClicked> {

        Listener(String consumer, String groupSuffix) {
            super(Topics.CLICKS, consumer, groupSuffix);
        }

        @Override
        protected Mono<?> handle(LinkClicked event) {
            return Mono.empty();
        }
    }

    @Test
    void subscribesEachListenerInTheServicesGroupOrTheGroupItsSuffixNamesWithABatchListener() {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(Map.of()));
        IdempotentConsumer inbox = new IdempotentConsumer(null, null, new SimpleMeterRegistry(), Duration.ofSeconds(1));

        TopicListeners listeners = new TopicListeners(
                List.of(new Listener("svc.clicks", ""), new Listener("svc.clicks-again", ".other")),
                factory,
                inbox,
                "svc");

        assertThat(listeners.containers())
                .extracting(c -> c.getContainerProperties().getGroupId())
                .containsExactly("svc", "svc.other");
        assertThat(listeners.containers())
                .extracting(c -> c.getContainerProperties().getTopics()[0])
                .containsOnly(Topics.CLICKS.name());
        assertThat(listeners.containers())
                .allSatisfy(c -> assertThat(c.getContainerProperties().getMessageListener())
                        .isInstanceOf(BatchMessageListener.class));
    }
}
