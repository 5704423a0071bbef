package io.tracknow.gateway.groupcommit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit: items that arrive while batches are being written go together in the next batch, each
 * caller gets its own result, a batch that fails is written again item by item, and a caller that gave
 * up before its batch started is left out of it. The write function here is held open by the test, so
 * which items share a batch is decided by the test, not by timing.
 */
class GroupCommitTest {

    /** Each batch handed to the write function, and the sink that completes it. */
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();

    private final List<Sinks.One<List<String>>> open = new CopyOnWriteArrayList<>();

    private GroupCommit<String, String> groupCommit(int maxBatch, int maxInFlight) {
        return new GroupCommit<>(maxBatch, maxInFlight, items -> {
            batches.add(List.copyOf(items));
            Sinks.One<List<String>> sink = Sinks.one();
            open.add(sink);
            return sink.asMono();
        });
    }

    private static List<String> upper(List<String> items) {
        return items.stream().map(String::toUpperCase).toList();
    }

    @Test
    void aLoneItemIsWrittenAtOnceAndItemsArrivingMeanwhileShareTheNextBatch() {
        GroupCommit<String, String> commit = groupCommit(10, 1);
        List<String> results = new CopyOnWriteArrayList<>();

        commit.submit("a").subscribe(results::add);
        assertThat(batches).as("nothing to wait for: written at once").containsExactly(List.of("a"));

        for (String item : List.of("b", "c", "d")) {
            commit.submit(item).subscribe(results::add);
        }
        assertThat(batches).as("one statement at a time: the others queue").hasSize(1);

        open.get(0).tryEmitValue(upper(batches.get(0)));
        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
        open.get(1).tryEmitValue(upper(batches.get(1)));

        assertThat(results).containsExactly("A", "B", "C", "D");
    }

    @Test
    void aBatchHoldsAtMostMaxBatchItemsAndUpToMaxInFlightBatchesRunAtOnce() {
        GroupCommit<String, String> commit = groupCommit(2, 2);
        List<String> results = new CopyOnWriteArrayList<>();
        for (String item : List.of("a", "b", "c", "d", "e")) {
            commit.submit(item).subscribe(results::add);
        }
        assertThat(batches).containsExactly(List.of("a"), List.of("b"));

        open.get(0).tryEmitValue(upper(batches.get(0)));
        assertThat(batches).containsExactly(List.of("a"), List.of("b"), List.of("c", "d"));
        open.get(1).tryEmitValue(upper(batches.get(1)));
        assertThat(batches).last().isEqualTo(List.of("e"));
        open.get(2).tryEmitValue(upper(batches.get(2)));
        open.get(3).tryEmitValue(upper(batches.get(3)));

        assertThat(results).containsExactlyInAnyOrder("A", "B", "C", "D", "E");
    }

    @Test
    void aFailedBatchIsWrittenAgainItemByItemSoOnlyTheRefusedItemFails() {
        // the first batch is held open, so that the next three share one
        Sinks.One<List<String>> first = Sinks.one();
        GroupCommit<String, String> held = new GroupCommit<>(10, 1, items -> {
            batches.add(List.copyOf(items));
            if (items.equals(List.of("first"))) {
                return first.asMono();
            }
            return items.contains("poison")
                    ? Mono.error(new IllegalArgumentException("refused: poison"))
                    : Mono.just(upper(items));
        });
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        held.submit("first").subscribe(outcomes::add);
        for (String item : List.of("x", "poison", "y")) {
            held.submit(item).subscribe(outcomes::add, error -> outcomes.add(item + " failed: " + error.getMessage()));
        }
        first.tryEmitValue(List.of("FIRST"));

        await().untilAsserted(() -> assertThat(outcomes).hasSize(4));
        assertThat(outcomes).containsExactlyInAnyOrder("FIRST", "X", "Y", "poison failed: refused: poison");
        assertThat(batches).contains(List.of("x", "poison", "y"), List.of("x"), List.of("poison"), List.of("y"));
    }

    @Test
    void aCallerThatGaveUpBeforeItsBatchStartedIsLeftOut() {
        GroupCommit<String, String> commit = groupCommit(10, 1);
        commit.submit("a").subscribe();
        List<String> results = new ArrayList<>();
        Disposable gaveUp = commit.submit("b").subscribe(results::add);
        commit.submit("c").subscribe(results::add);
        gaveUp.dispose();

        open.get(0).tryEmitValue(upper(batches.get(0)));

        assertThat(batches.get(1)).containsExactly("c");
        open.get(1).tryEmitValue(upper(batches.get(1)));
        assertThat(results).containsExactly("C");
    }

    @Test
    void anAnswerWithTheWrongNumberOfResultsFailsTheCallersInsteadOfLeavingThemWaiting() {
        GroupCommit<String, String> commit = new GroupCommit<>(10, 1, items -> Mono.just(List.of()));
        assertThatThrownBy(() -> commit.submit("a").block()).hasMessageContaining("answered with 0 results");
        GroupCommit<String, String> silent = new GroupCommit<>(10, 1, items -> Mono.empty());
        assertThatThrownBy(() -> silent.submit("a").block()).hasMessageContaining("answered with nothing");
    }
}
