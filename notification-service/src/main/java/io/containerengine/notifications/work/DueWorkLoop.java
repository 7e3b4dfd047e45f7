package io.containerengine.notifications.work;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One thread that runs {@link Pass}es over a persisted schedule: right away when {@link #wake()} is called (new
 * work was committed, capacity freed), else when the pass said the next item is due, at the latest after the
 * poll interval (work inserted by another instance, or a wake-up lost to a crash). The schedule itself lives in
 * the database, so a restart loses nothing.
 */
public final class DueWorkLoop implements SmartLifecycle {

    /** One pass over due work. */
    @FunctionalInterface
    public interface Pass {
        /** @return how long until more work is known to be due (zero: run again at once; null: unknown) */
        Duration run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(DueWorkLoop.class);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final String name;
    private final Duration pollInterval;
    private final Pass pass;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean running;
    private Thread thread;

    public DueWorkLoop(String name, Duration pollInterval, Pass pass) {
        this.name = name;
        this.pollInterval = pollInterval;
        this.pass = pass;
    }

    public void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        wake();
        Thread current = thread;
        if (current != null) {
            try {
                current.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            Duration wait;
            try {
                Duration next = pass.run();
                wait = next == null || next.compareTo(pollInterval) > 0 ? pollInterval : next;
            } catch (Exception e) {
                // The database may be briefly away; the schedule is still there when it is back.
                log.warn("{}: pass failed, retrying shortly: {}", name, e.toString());
                wait = ERROR_PAUSE;
            }
            await(wait);
        }
    }

    private void await(Duration wait) {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (running && !wakeRequested && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
