package io.tracknow.messaging.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.messaging.kafka.InvalidEventException;
import io.tracknow.messaging.outbox.TraceContext;
import java.time.Duration;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies an event at most once per consumer: in one database transaction it claims the event id in
 * the inbox, runs the effect (which may write state and add outbox events) and commits, or rolls all
 * of it back so that the retry starts clean. Listener threads call it and wait for the outcome, so
 * that Kafka offsets are committed only after the transaction.
 */
public class IdempotentConsumer {

    private final Inbox inbox;
    private final TransactionalOperator transactions;
    private final TraceContext traceContext;
    private final MeterRegistry meters;
    private final Duration timeout;

    public IdempotentConsumer(
            Inbox inbox,
            TransactionalOperator transactions,
            TraceContext traceContext,
            MeterRegistry meters,
            Duration timeout) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.traceContext = traceContext;
        this.meters = meters;
        this.timeout = timeout;
    }

    /**
     * @param consumer a stable name of this consumer (e.g. "commission.sales"); renaming it replays history
     * @param event    an event with an {@code eventId} field
     * @param effect   what to do the first time, inside the transaction
     * @return true when the effect ran, false for a duplicate
     */
    public <T extends SpecificRecord> boolean apply(String consumer, T event, Function<T, Mono<?>> effect) {
        String eventId = eventIdOf(event);
        Mono<Boolean> work = inbox.claim(consumer, eventId)
                .flatMap(first -> first ? effect.apply(event).then(Mono.just(true)) : Mono.just(false));
        Boolean applied = transactions
                .transactional(work)
                .contextWrite(traceContext.captureCurrent())
                .block(timeout);
        boolean result = Boolean.TRUE.equals(applied);
        meters.counter("tracknow.inbox.events", "consumer", consumer, "outcome", result ? "applied" : "duplicate")
                .increment();
        return result;
    }

    private static String eventIdOf(SpecificRecord event) {
        int field = event.getSchema().getField("eventId") == null
                ? -1
                : event.getSchema().getField("eventId").pos();
        Object id = field < 0 ? null : event.get(field);
        if (id == null || id.toString().isBlank()) {
            throw new InvalidEventException(event.getSchema().getFullName() + " has no eventId");
        }
        return id.toString();
    }
}
