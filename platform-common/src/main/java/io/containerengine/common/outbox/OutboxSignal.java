package io.containerengine.common.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the relay: writers signal right after their transaction committed, the relay waits on it with the
 * fallback poll interval as timeout. Many signals collapse into one wake-up, since the relay drains everything.
 */
public class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);

    public void wake() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Waits until woken or until {@code timeout} passed; returns whether it was woken. */
    boolean await(Duration timeout) throws InterruptedException {
        boolean woken = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        permits.drainPermits();
        return woken;
    }
}
