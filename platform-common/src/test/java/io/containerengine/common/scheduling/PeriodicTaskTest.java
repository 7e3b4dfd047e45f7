package io.containerengine.common.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PeriodicTaskTest {

    @Test
    void runsRepeatedlyOnADaemonThreadOfItsName() {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        PeriodicTask task = new PeriodicTask("periodic-test", Duration.ofMillis(10),
                () -> threads.add(Thread.currentThread()), e -> { });
        task.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() >= 3);
            assertThat(threads).allSatisfy(t -> {
                assertThat(t.getName()).isEqualTo("periodic-test");
                assertThat(t.isDaemon()).isTrue();
            });
        } finally {
            task.stop();
        }
    }

    @Test
    void aFailedRunIsReportedAndTheNextRunsAnyway() {
        AtomicInteger runs = new AtomicInteger();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        PeriodicTask task = new PeriodicTask("periodic-test", Duration.ofMillis(10), () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        }, failures::add);
        task.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 2);
            assertThat(failures).isNotEmpty().allSatisfy(e -> assertThat(e).hasMessage("boom"));
        } finally {
            task.stop();
        }
    }

    @Test
    void stopEndsTheScheduleAndStartIsIdempotent() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        PeriodicTask task = new PeriodicTask("periodic-test", Duration.ofMillis(10), runs::incrementAndGet, e -> { });
        assertThat(task.isRunning()).isFalse();
        task.start();
        task.start();
        assertThat(task.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 1);

        task.stop(Duration.ofSeconds(1));

        assertThat(task.isRunning()).isFalse();
        int after = runs.get();
        // stop(timeout) waited for the thread to end: no run can follow
        await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == after);
        task.stop(); // stopping twice is harmless
    }
}
