package io.tracknow.gateway.groupcommit;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Writes many callers' items with one statement: the items that arrive while earlier batches are being
 * written wait and go together in the next batch (at most {@code maxBatch}), so N concurrent webhooks
 * cost one round trip and one commit instead of N. A caller that finds a free slot is written at once:
 * there is no timer and no added wait when the gateway is idle, and batches grow only as the database
 * falls behind (group commit).
 *
 * <p>The write function gets the items in arrival order and answers one result per item, in the same
 * order. When a batch of several fails, each of its items is written again alone, so that one item the
 * database refuses (a bug) fails only its own caller; when the database is down each fails on its own.
 * A caller that cancels before its batch is taken out of the queue is left out of it.
 *
 * @param <I> what a caller hands in
 * @param <O> what it gets back
 */
public final class GroupCommit<I, O> {

    private final Queue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxBatch;
    private final int maxInFlight;
    private final Function<List<I>, Mono<List<O>>> write;

    /**
     * @param maxBatch    most items in one statement
     * @param maxInFlight most statements under way at once (each holds a pooled connection)
     * @param write       writes a batch; answers one result per item, in the items' order
     */
    public GroupCommit(int maxBatch, int maxInFlight, Function<List<I>, Mono<List<O>>> write) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be positive");
        }
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.write = write;
    }

    /** Completes with the item's result once the batch it went in is written (or fails with the batch's error). */
    public Mono<O> submit(I item) {
        return Mono.create(sink -> {
            Pending<I, O> pending = new Pending<>(item, sink);
            sink.onCancel(() -> pending.cancelled = true);
            queue.add(pending);
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight) {
                return; // a running batch drains again when it ends
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Pending<I, O>> batch = new ArrayList<>();
            Pending<I, O> next;
            while (batch.size() < maxBatch && (next = queue.poll()) != null) {
                if (!next.cancelled) {
                    batch.add(next);
                }
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            run(batch)
                    .doFinally(signal -> {
                        inFlight.decrementAndGet();
                        drain();
                    })
                    .subscribe();
        }
    }

    private Mono<Void> run(List<Pending<I, O>> batch) {
        return written(batch)
                .doOnNext(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).sink.success(results.get(i));
                    }
                })
                .onErrorResume(error -> {
                    if (batch.size() == 1) {
                        batch.getFirst().sink.error(error);
                        return Mono.empty();
                    }
                    return Flux.fromIterable(batch)
                            .concatMap(alone -> run(List.of(alone)))
                            .then(Mono.empty());
                })
                .then();
    }

    private Mono<List<O>> written(List<Pending<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            items.add(pending.item);
        }
        return Mono.defer(() -> write.apply(items))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("a batch was answered with nothing")))
                .flatMap(results -> results.size() == items.size()
                        ? Mono.just(results)
                        : Mono.error(new IllegalStateException("a batch of " + items.size()
                                + " items was answered with " + results.size() + " results")));
    }

    private static final class Pending<I, O> {
        final I item;
        final MonoSink<O> sink;
        volatile boolean cancelled;

        Pending(I item, MonoSink<O> sink) {
            this.item = item;
            this.sink = sink;
        }
    }
}
