package io.tracknow.messaging.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tracknow.messaging.inbox.IdempotentConsumer;
import io.tracknow.messaging.inbox.Inbox;
import io.tracknow.messaging.kafka.AvroSerde;
import io.tracknow.messaging.kafka.DeadLetters;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.messaging.listen.TopicListeners;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.messaging.outbox.OutboxRelay;
import io.tracknow.messaging.outbox.TraceContext;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Everything a service needs to consume and publish reliably: the Avro serde on every producer and
 * consumer, the dead-letter error handler, the inbox, the outbox and its relay.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({MessagingProperties.class, FlywayProperties.class})
// the services' own jobs (payment runs, notification delivery); the outbox relay has its own thread
@EnableScheduling
public class MessagingAutoConfiguration {

    /** The clock business rules read (timestamp windows, holds); tests replace it to move time. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer avroProducer(MessagingProperties properties) {
        return factory -> factory.updateConfigs(AvroSerde.producer(properties.registryUrl()));
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer avroConsumer(MessagingProperties properties) {
        return factory -> factory.updateConfigs(AvroSerde.consumer(properties.registryUrl()));
    }

    @Bean
    CommonErrorHandler deadLetterErrorHandler(
            ProducerFactory<Object, Object> producerFactory, MessagingProperties properties) {
        KafkaTemplate<Object, Object> avro = new KafkaTemplate<>(producerFactory);
        KafkaTemplate<Object, Object> bytes = new KafkaTemplate<>(
                producerFactory, Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        return DeadLetters.errorHandler(
                avro,
                bytes,
                properties.consumerRetries(),
                properties.retryBackoff().toMillis());
    }

    @Bean
    MessagingSchema messagingSchema(FlywayProperties flyway) {
        return new MessagingSchema(flyway.getUrl(), flyway.getUser(), flyway.getPassword());
    }

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    TraceContext traceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TraceContext(tracer, propagator);
    }

    @Bean
    Inbox inbox(DatabaseClient db, MessagingSchema schema) {
        return new Inbox(db);
    }

    @Bean
    IdempotentConsumer idempotentConsumer(
            Inbox inbox, TransactionalOperator transactions, MeterRegistry meters, MessagingProperties properties) {
        return new IdempotentConsumer(inbox, transactions, meters, properties.handlerTimeout());
    }

    /** Every {@link TopicListener} of the service, subscribed in the consumer group named {@code spring.application.name}. */
    @Bean
    TopicListeners topicListeners(
            ObjectProvider<TopicListener<?>> listeners,
            ConcurrentKafkaListenerContainerFactory<?, ?> factory,
            IdempotentConsumer consumer,
            Environment environment) {
        String group = environment.getRequiredProperty("spring.application.name");
        return new TopicListeners(listeners.orderedStream().toList(), factory, consumer, group);
    }

    /** Wakes the relay after each commit that added events, so they need not wait for its poll. */
    @Bean
    Outbox outbox(DatabaseClient db, MessagingSchema schema, OutboxRelay relay) {
        return new Outbox(db, relay::wakeUp);
    }

    @Bean
    OutboxRelay outboxRelay(
            DatabaseClient db,
            TransactionalOperator transactions,
            KafkaTemplate<String, Object> kafka,
            TraceContext traceContext,
            MessagingProperties properties,
            MeterRegistry meters) {
        return new OutboxRelay(
                db,
                transactions,
                kafka,
                traceContext,
                properties.outbox().batchSize(),
                properties.outbox().pollInterval(),
                properties.outbox().sendTimeout(),
                meters);
    }
}
