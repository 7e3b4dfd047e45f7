package io.containerengine.notifications.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void eachFailureGetsTheNextDelayUntilTheAttemptsAreSpent() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMinutes(2)), 0);
        assertThat(schedule.maxAttempts()).isEqualTo(4);
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(schedule.delayAfter(4)).isNull();
    }

    @Test
    void jitterStaysWithinItsBounds() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(100)), 0.2);
        for (int i = 0; i < 200; i++) {
            assertThat(schedule.delayAfter(1)).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(120));
        }
    }
}
