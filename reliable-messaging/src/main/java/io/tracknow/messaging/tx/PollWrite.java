package io.tracknow.messaging.tx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A write whose outcome an event's effect needs at once (e.g. "was this status new", "did this upsert
 * claim the telling"), done for a whole poll with one statement. A listener's {@code prepare} runs it for
 * the events whose key no other event of the poll carries ({@link OnceInTransaction#alone}): nothing else
 * in the poll reads or changes their rows, so writing them at the start of the same transaction changes
 * nothing. What it returned is remembered per event id for the transaction ({@link TransactionMemo}), and
 * each effect takes its own outcome from there; an event that was not prepared (its key came twice, the
 * poll held fewer than two, or there is no transaction) runs the same write for its one row.
 *
 * @param <E> the event
 * @param <R> an event's outcome
 */
public final class PollWrite<E, R> {

    private final Function<List<E>, Mono<Map<String, R>>> write;
    private final Function<E, String> eventId;
    private final Function<E, ?> key;
    private final TransactionMemo<String, Optional<R>> outcomes = new TransactionMemo<>(id -> Mono.empty());

    /**
     * @param write   writes these events (of different keys) with one statement; returns the outcomes by
     *                event id (an event without an entry has none)
     * @param eventId an event's id
     * @param key     what two events of a poll must not share to be written together (an order, a sale)
     */
    public PollWrite(Function<List<E>, Mono<Map<String, R>>> write, Function<E, String> eventId, Function<E, ?> key) {
        this.write = write;
        this.eventId = eventId;
        this.key = key;
    }

    /**
     * In a listener's {@code prepare}: writes the poll's events whose key is theirs alone, together. Nothing
     * without a transaction (or one without synchronization): there would be nothing to keep the outcomes in.
     */
    public Mono<Void> prepare(List<E> events) {
        List<E> alone = OnceInTransaction.alone(events, key);
        if (alone.size() < 2) {
            return Mono.empty();
        }
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isSynchronizationActive)
                .flatMap(transaction -> write.apply(alone))
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .flatMapMany(byId -> Flux.fromIterable(alone).concatMap(event -> {
                    String id = eventId.apply(event);
                    return outcomes.remember(id, Mono.just(Optional.ofNullable(byId.get(id))));
                }))
                .then();
    }

    /** The event's outcome: what {@link #prepare} wrote for it, or its own write now; empty when it has none. */
    public Mono<R> outcome(E event) {
        String id = eventId.apply(event);
        return outcomes.get(id)
                .switchIfEmpty(
                        Mono.defer(() -> write.apply(List.of(event)).map(byId -> Optional.ofNullable(byId.get(id)))))
                .flatMap(Mono::justOrEmpty);
    }
}
