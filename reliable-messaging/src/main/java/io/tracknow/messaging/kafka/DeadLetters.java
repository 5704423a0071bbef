package io.tracknow.messaging.kafka;

import io.tracknow.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What a consumer does with a record it cannot process: retry a few times with a growing pause
 * (database hiccups pass), then publish it to {@code <topic>.dlq} with the error in the
 * {@code kafka_dlt-exception-*} headers and go on with the next record. A record whose value cannot
 * be decoded is sent there at once, as its original bytes.
 */
public final class DeadLetters {

    private DeadLetters() {}

    /**
     * @param avroTemplate  publishes records that were decoded (Avro values)
     * @param bytesTemplate publishes the raw bytes of records that could not be decoded
     */
    public static DefaultErrorHandler errorHandler(
            KafkaOperations<?, ?> avroTemplate,
            KafkaOperations<?, ?> bytesTemplate,
            int retries,
            long firstBackoffMillis) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, bytesTemplate);
        templates.put(Object.class, avroTemplate);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                templates, (record, exception) -> new TopicPartition(Topics.dlq(record.topic()), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(firstBackoffMillis, 2.0);
        backOff.setMaxAttempts(retries);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidEventException.class);
        handler.setCommitRecovered(true);
        return handler;
    }
}
