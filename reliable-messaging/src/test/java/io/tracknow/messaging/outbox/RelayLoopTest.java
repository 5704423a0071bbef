package io.tracknow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay's thread: runs at start, on a wake-up, never twice at once, and coalesces a burst of wake-ups. */
class RelayLoopTest {

    private RelayLoop loop;

    @AfterEach
    void stop() {
        loop.stop(Duration.ofSeconds(5));
    }

    @Test
    void aBurstOfWakeUpsDuringARunCausesExactlyOneMoreRun() throws Exception {
        List<Boolean> runs = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        CountDownLatch secondRunStarted = new CountDownLatch(1);
        CountDownLatch releaseSecondRun = new CountDownLatch(1);
        // an hour: only the start and wake-ups can cause a run during the test
        loop = new RelayLoop("relay-loop-test", Duration.ofHours(1), woken -> {
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            runs.add(woken);
            if (runs.size() == 2) {
                secondRunStarted.countDown();
                waitFor(releaseSecondRun);
            }
            concurrent.decrementAndGet();
            return true;
        });

        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 1 && loop.idle());
        loop.wakeUp();
        assertThat(secondRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 1_000; i++) {
            loop.wakeUp();
        }
        releaseSecondRun.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() >= 3 && loop.idle());
        assertThat(runs).as("start, the first wake-up, one run for the burst").containsExactly(false, true, true);
        assertThat(mostConcurrent).hasValue(1);
    }

    @Test
    void aWakeUpBeforeTheThreadWaitsIsNotLost() {
        AtomicInteger runs = new AtomicInteger();
        loop = new RelayLoop("relay-loop-test", Duration.ofHours(1), woken -> {
            runs.incrementAndGet();
            return true;
        });
        loop.wakeUp();
        loop.start();

        // the run at start serves the early wake-up; the pending flag then causes one more
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2 && loop.idle());
        loop.wakeUp();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 3 && loop.idle());
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
