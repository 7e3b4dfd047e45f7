package io.containerengine.common.scheduling;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an action on a daemon thread of its own, every {@code delay} after the previous run ended (the first run
 * one delay after {@link #start()}). A run that throws is handed to the failure handler (typically a one-line
 * warning) and the next run goes ahead as planned. The owner's {@code SmartLifecycle} delegates to
 * {@link #start()}, {@link #stop()} and {@link #isRunning()}.
 */
public final class PeriodicTask {

    private final String threadName;
    private final Duration delay;
    private final Runnable action;
    private final Consumer<RuntimeException> onFailure;
    private volatile ScheduledExecutorService executor;

    /**
     * @param threadName the thread's name, as seen in thread dumps
     * @param onFailure told about each failed run (on the task's thread)
     */
    public PeriodicTask(String threadName, Duration delay, Runnable action, Consumer<RuntimeException> onFailure) {
        this.threadName = threadName;
        this.delay = delay;
        this.action = action;
        this.onFailure = onFailure;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long every = delay.toMillis();
        started.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
        executor = started;
    }

    private void runOnce() {
        try {
            action.run();
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    /** Stops the schedule and interrupts a run in progress, without waiting for it. */
    public void stop() {
        shutDown();
    }

    /**
     * Stops the schedule, interrupts a run in progress and waits up to {@code timeout} for it to end (for owners
     * that run the action once more themselves after stopping).
     */
    public void stop(Duration timeout) throws InterruptedException {
        ScheduledExecutorService stopped = shutDown();
        if (stopped != null) {
            stopped.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized ScheduledExecutorService shutDown() {
        ScheduledExecutorService current = executor;
        executor = null;
        if (current != null) {
            current.shutdownNow();
        }
        return current;
    }

    public boolean isRunning() {
        return executor != null;
    }
}
