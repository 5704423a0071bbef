package io.tracknow.messaging.tx;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Something that belongs to one reactive transaction (a queue of writes, a memo of reads): made on first
 * use, bound to the transaction under its owner's key, and unbound when the transaction completes, so the
 * next transaction starts without it.
 */
final class TransactionResource {

    private TransactionResource() {}

    /**
     * The transaction's resource under {@code owner}, made by {@code create} and passed to {@code created}
     * the first time (e.g. to register it as a synchronization). The transaction must have synchronization
     * active.
     */
    @SuppressWarnings("unchecked")
    static <R> R of(
            TransactionSynchronizationManager transaction, Object owner, Supplier<R> create, Consumer<R> created) {
        synchronized (owner) {
            R resource = (R) transaction.getResource(owner);
            if (resource == null) {
                resource = create.get();
                transaction.bindResource(owner, resource);
                transaction.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCompletion(int status) {
                        return Mono.fromRunnable(() -> transaction.unbindResourceIfPossible(owner));
                    }
                });
                created.accept(resource);
            }
            return resource;
        }
    }
}
