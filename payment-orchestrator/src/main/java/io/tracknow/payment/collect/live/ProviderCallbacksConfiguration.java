package io.tracknow.payment.collect.live;

import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.messaging.listen.TopicListeners;
import io.tracknow.payment.collect.payments.CollectPayments;
import io.tracknow.payment.collect.payments.Transitions;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/**
 * Subscribes {@link ProviderCallbacks} to payment-callbacks.v1 in its own consumer group,
 * {@code <spring.application.name>.collect}, next to money out's listener of the same topic in the service's
 * group: each group sees every callback, and each listener keeps the ones that are its own. (In one group the
 * two would split the topic's partitions and each would miss the callbacks the other one got.)
 */
@Configuration(proxyBeanMethods = false)
class ProviderCallbacksConfiguration {

    static final String GROUP_SUFFIX = ".collect";

    @Bean
    TopicListeners collectProviderCallbacks(
            CollectPayments payments,
            LiveCollector live,
            Transitions transitions,
            ConcurrentKafkaListenerContainerFactory<?, ?> factory,
            IdempotentConsumer inbox,
            Environment environment) {
        return new TopicListeners(
                List.of(new ProviderCallbacks(payments, live, transitions)),
                factory,
                inbox,
                environment.getRequiredProperty("spring.application.name") + GROUP_SUFFIX);
    }
}
