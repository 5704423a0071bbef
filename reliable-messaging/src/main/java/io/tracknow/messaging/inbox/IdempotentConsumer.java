package io.tracknow.messaging.inbox;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.messaging.kafka.InvalidEventException;
import io.tracknow.messaging.outbox.TraceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies events at most once per consumer: in one database transaction it claims the events' ids in
 * the inbox, runs the effect of each event it sees for the first time, in order (an effect may write
 * state and add outbox events), and commits; or it rolls all of it back so that the retry starts clean.
 * Listener threads call it and wait for the outcome, so that Kafka offsets are committed only after
 * the transaction.
 */
public class IdempotentConsumer {

    private final Inbox inbox;
    private final TransactionalOperator transactions;
    private final MeterRegistry meters;
    private final Duration timeout;

    public IdempotentConsumer(Inbox inbox, TransactionalOperator transactions, MeterRegistry meters, Duration timeout) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.meters = meters;
        this.timeout = timeout;
    }

    /**
     * One event to apply and the trace it continues.
     *
     * @param event       an event with an {@code eventId} field
     * @param traceparent the W3C trace context it arrived with (its record's header), or null: the outbox
     *                    events its effect adds carry it on
     */
    public record Arrival<T extends SpecificRecord>(T event, String traceparent) {}

    /**
     * Applies a run of events (e.g. one poll of a partition) in one transaction.
     *
     * @param consumer a stable name of this consumer (e.g. "commission.sales"); renaming it replays history
     * @param arrivals the events in the order their effects must run; an event id that comes twice runs once
     * @param prepare  runs first in the transaction, once, with the events seen for the first time (in
     *                 order, each once) when there is at least one: to read ahead what their effects need
     * @param effect   what to do the first time an event is seen, inside the transaction
     * @return how many effects ran (the others were duplicates)
     * @throws InvalidEventException when an event has no id (nothing is applied)
     */
    public <T extends SpecificRecord> int applyAll(
            String consumer,
            List<Arrival<T>> arrivals,
            Function<List<T>, Mono<?>> prepare,
            Function<T, Mono<?>> effect) {
        if (arrivals.isEmpty()) {
            return 0;
        }
        List<String> ids = arrivals.stream().map(a -> eventIdOf(a.event())).toList();
        Mono<Integer> work = inbox.claimAll(consumer, ids).flatMap(fresh -> {
            // the first arrival of each fresh id runs; a second arrival of the same id in this run is a duplicate
            List<Arrival<T>> applied = new ArrayList<>(arrivals.size());
            for (int i = 0; i < arrivals.size(); i++) {
                if (fresh.remove(ids.get(i))) {
                    applied.add(arrivals.get(i));
                }
            }
            if (applied.isEmpty()) {
                return Mono.just(0);
            }
            return Mono.defer(() ->
                            prepare.apply(applied.stream().map(Arrival::event).toList()))
                    .then(Flux.fromIterable(applied)
                            .concatMap(arrival -> Mono.defer(() -> effect.apply(arrival.event()))
                                    .contextWrite(context -> arrival.traceparent() == null
                                            ? context
                                            : context.put(TraceContext.KEY, arrival.traceparent())))
                            .then(Mono.just(applied.size())));
        });
        Integer result = transactions.transactional(work).block(timeout);
        int applied = result == null ? 0 : result;
        DistributionSummary.builder("tracknow.inbox.transaction.events")
                .description("events claimed per inbox transaction (a committed one)")
                .tag("consumer", consumer)
                .register(meters)
                .record(arrivals.size());
        count(consumer, "applied", applied);
        count(consumer, "duplicate", arrivals.size() - applied);
        return applied;
    }

    private void count(String consumer, String outcome, int n) {
        if (n > 0) {
            meters.counter("tracknow.inbox.events", "consumer", consumer, "outcome", outcome)
                    .increment(n);
        }
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
