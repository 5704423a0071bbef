package io.tracknow.messaging.tx;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Remembers what a reactive transaction has read, per key, until it ends: a consumer applying a poll
 * of a hundred orders of one influencer reads that influencer once, not a hundred times. What it
 * remembers is what the transaction saw the first time (as if its later events had come a little
 * earlier); the next transaction reads again. Without a transaction (or one without synchronization)
 * every call reads.
 *
 * @param <K> the key
 * @param <V> what is read (an empty read is remembered too)
 */
public final class TransactionMemo<K, V> {

    private final Function<K, Mono<V>> read;

    /** @param read reads the value of a key, inside the caller's transaction; empty when there is none */
    public TransactionMemo(Function<K, Mono<V>> read) {
        this.read = read;
    }

    /** The key's value as this transaction first read it. */
    public Mono<V> get(K key) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .flatMap(transaction ->
                        transaction.isSynchronizationActive() ? remembered(transaction, key) : read.apply(key))
                .onErrorResume(NoTransactionException.class, e -> read.apply(key));
    }

    /**
     * Reads a key's value now and remembers it for the rest of the transaction, whether or not it was
     * remembered before: for a listener's {@code prepare}, which reads many keys with one statement. Without
     * a transaction (or one without synchronization) nothing is read: there is nothing to remember it for.
     */
    public Mono<Void> remember(K key, Mono<V> value) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isSynchronizationActive)
                .flatMap(transaction -> readInto(values(transaction), key, value))
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .then();
    }

    private Mono<V> remembered(TransactionSynchronizationManager transaction, K key) {
        Map<K, Optional<V>> values = values(transaction);
        Optional<V> known;
        synchronized (values) {
            known = values.get(key);
        }
        if (known != null) {
            return Mono.justOrEmpty(known);
        }
        return readInto(values, key, read.apply(key));
    }

    private Mono<V> readInto(Map<K, Optional<V>> values, K key, Mono<V> value) {
        return value.map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnNext(read -> {
                    synchronized (values) {
                        values.put(key, read);
                    }
                })
                .flatMap(Mono::justOrEmpty);
    }

    /** This transaction's values, bound to it on the first read and unbound when it ends. */
    private Map<K, Optional<V>> values(TransactionSynchronizationManager transaction) {
        return TransactionResource.of(transaction, this, HashMap::new, values -> {});
    }
}
