package io.tracknow.messaging.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that runs a job at start, whenever it is woken, and otherwise every {@code interval}. So
 * two runs never overlap, and wake-ups coalesce: however many arrive while the job runs, exactly one
 * more run follows it. After a failed run it waits the interval whatever the wake-ups, so that a
 * failing database or broker is not hammered.
 */
final class RelayLoop {

    /** The work of one run. */
    interface Job {
        /**
         * @param woken whether a wake-up (rather than the interval or the start) caused this run
         * @return false when the run failed and the loop should pause before the next one
         */
        boolean run(boolean woken);
    }

    private final String name;
    private final Duration interval;
    private final Job job;
    private final AtomicBoolean wakeRequested = new AtomicBoolean();

    private volatile boolean running;
    private volatile boolean idle;
    private volatile Thread thread;

    RelayLoop(String name, Duration interval, Job job) {
        this.name = name;
        this.interval = interval;
        this.job = job;
    }

    /** Asks for a run as soon as the current one (if any) is over; cheap, never blocks. */
    void wakeUp() {
        if (!wakeRequested.getAndSet(true)) {
            Thread current = thread;
            if (current != null) {
                LockSupport.unpark(current);
            }
        }
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    /** Lets a running job finish for up to {@code grace}, then interrupts it. */
    synchronized void stop(Duration grace) {
        if (!running) {
            return;
        }
        running = false;
        Thread current = thread;
        LockSupport.unpark(current);
        try {
            if (!current.join(grace)) {
                current.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isRunning() {
        return running;
    }

    /** Waiting for a wake-up or the interval, with no wake-up pending (for tests). */
    boolean idle() {
        return idle;
    }

    private void loop() {
        boolean woken = false;
        while (running) {
            if (!job.run(woken)) {
                pause();
            } else {
                waitForWakeUpOrInterval();
            }
            woken = wakeRequested.getAndSet(false);
        }
    }

    /**
     * Parks until a wake-up is asked for, the interval is over or the loop stops. A park may return for
     * nothing (a spurious return, or the permit left by a wake-up that came while the job ran and was
     * already served), so the reason is checked again each time: returning early would run the job once
     * more for nothing.
     */
    private void waitForWakeUpOrInterval() {
        idle = true;
        long deadline = System.nanoTime() + interval.toNanos();
        for (long left = interval.toNanos();
                running && !wakeRequested.get() && left > 0;
                left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        idle = false;
    }

    private void pause() {
        long deadline = System.nanoTime() + interval.toNanos();
        for (long left = interval.toNanos(); running && left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }
}
