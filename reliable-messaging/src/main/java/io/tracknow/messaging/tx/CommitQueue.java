package io.tracknow.messaging.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.core.Ordered;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Items that a reactive transaction collects and writes together just before it commits: a consumer
 * applying a poll of a hundred events writes their rows with a few multi-row statements instead of a
 * statement or more per event. A transaction that rolls back writes nothing. Without a transaction
 * (or one without synchronization) an item is written at once, on its own.
 *
 * <p>Queues run at commit in their {@code order} (lower first; equal orders in the order the queues
 * joined the transaction). A queue whose {@code write} adds items to another queue must run before it,
 * and that other queue must have joined the transaction before the commit began ({@link #enlist}, from
 * the {@code joined} hook): one that joins during the commit is not called any more, and its items
 * would be lost.
 *
 * @param <T> what is queued
 */
public final class CommitQueue<T> {

    private final Function<List<T>, Mono<Void>> write;
    private final int order;
    private final Consumer<List<T>> committed;
    private final Consumer<TransactionSynchronizationManager> joined;

    /**
     * @param write     writes a list of items, in the order they were added, inside the transaction
     * @param order     when this queue runs at commit relative to others ({@link Ordered})
     * @param committed called once a transaction whose queue wrote items has committed, or after an item
     *                  written without a transaction (from the committing thread: must not block)
     */
    public CommitQueue(Function<List<T>, Mono<Void>> write, int order, Runnable committed) {
        this(write, order, transaction -> {}, written -> committed.run());
    }

    /**
     * @param joined    called once per transaction, when this queue joins it (its first item): where a queue
     *                  whose {@code write} adds to another queue enlists that one ({@link #enlist})
     * @param committed given the items a transaction's queue wrote, once it has committed, or the one item
     *                  written without a transaction, once written (from the committing thread: must not
     *                  block); e.g. to count what the transaction's write found to do
     */
    public CommitQueue(
            Function<List<T>, Mono<Void>> write,
            int order,
            Consumer<TransactionSynchronizationManager> joined,
            Consumer<List<T>> committed) {
        this.write = write;
        this.order = order;
        this.committed = committed;
        this.joined = joined;
    }

    /** Queues the item with the current transaction, or writes it now when there is none to queue it with. */
    public Mono<Void> add(T item) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .flatMap(transaction -> transaction.isSynchronizationActive()
                        ? Mono.<Void>fromRunnable(() -> pending(transaction).add(item))
                        // a transaction without synchronizations: written now, committed with it
                        : write.apply(List.of(item)))
                // no transaction: the write commits by itself
                .onErrorResume(
                        NoTransactionException.class,
                        e -> write.apply(List.of(item)).then(Mono.fromRunnable(() -> committed.accept(List.of(item)))));
    }

    /**
     * Joins the transaction now, so that this queue writes at commit whatever is added until then, even by
     * a queue that runs before it during the commit. Nothing happens without synchronization.
     */
    public void enlist(TransactionSynchronizationManager transaction) {
        if (transaction.isSynchronizationActive()) {
            pending(transaction);
        }
    }

    /** This transaction's items, registered with it on the first add. */
    private Pending pending(TransactionSynchronizationManager transaction) {
        return TransactionResource.of(transaction, this, Pending::new, pending -> {
            joined.accept(transaction);
            transaction.registerSynchronization(pending);
        });
    }

    /** One transaction's items: written before it commits, {@code committed} called after. */
    private final class Pending implements TransactionSynchronization, Ordered {

        private final List<T> items = new ArrayList<>();
        /** What the commit wrote (none when an enlisted transaction added nothing). */
        private volatile List<T> written = List.of();

        synchronized void add(T item) {
            items.add(item);
        }

        private synchronized List<T> drain() {
            List<T> all = List.copyOf(items);
            items.clear();
            return all;
        }

        @Override
        public Mono<Void> beforeCommit(boolean readOnly) {
            return Mono.defer(() -> {
                List<T> all = drain();
                written = all;
                return all.isEmpty() ? Mono.empty() : write.apply(all);
            });
        }

        @Override
        public Mono<Void> afterCommit() {
            List<T> all = written;
            return all.isEmpty() ? Mono.empty() : Mono.fromRunnable(() -> committed.accept(all));
        }

        @Override
        public int getOrder() {
            return order;
        }
    }
}
