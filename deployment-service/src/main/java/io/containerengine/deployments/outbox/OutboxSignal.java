package io.containerengine.deployments.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/** Wakes the relay: writers signal after commit, the relay waits on it (with the fallback poll as timeout). */
@Component
public class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);

    public void wake() {
        // One pending permit is enough: the relay drains everything once it runs.
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Waits until woken or until {@code timeout} passes; collapses multiple wake-ups into one. */
    boolean await(Duration timeout) throws InterruptedException {
        boolean woken = permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        permits.drainPermits();
        return woken;
    }
}
