package io.tracknow.messaging.tx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The keys that a transaction's events (e.g. one poll) carry only once: no other event of the
 * transaction reads or changes what such an event writes under its key, so that write may wait for the
 * commit and go with the others in one statement ({@link CommitQueue}). A listener marks the keys in its
 * {@code prepare}; a key not marked, or asked about without a transaction, is not known to be alone.
 *
 * @param <K> the key (an order, a commission)
 */
public final class OnceInTransaction<K> {

    private final TransactionMemo<K, Boolean> once = new TransactionMemo<>(key -> Mono.empty());

    /** Marks, for the current transaction, the keys that exactly one of {@code events} carries. */
    public <E> Mono<Void> mark(List<E> events, Function<E, K> key) {
        return Flux.fromIterable(alone(events, key))
                .concatMap(event -> once.remember(key.apply(event), Mono.just(true)))
                .then();
    }

    /** The events whose key no other of {@code events} carries, in their order. */
    public static <E, K> List<E> alone(List<E> events, Function<E, K> key) {
        Map<K, Integer> seen = new HashMap<>();
        events.forEach(event -> seen.merge(key.apply(event), 1, Integer::sum));
        return events.stream().filter(event -> seen.get(key.apply(event)) == 1).toList();
    }

    /** True when the current transaction marked this key as carried by one of its events only. */
    public Mono<Boolean> contains(K key) {
        return once.get(key).defaultIfEmpty(false);
    }
}
