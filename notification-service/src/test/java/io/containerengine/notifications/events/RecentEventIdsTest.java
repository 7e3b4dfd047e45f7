package io.containerengine.notifications.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RecentEventIdsTest {

    @Test
    void remembersIdsUpToItsCapacityAndForgetsTheOldestFirst() {
        RecentEventIds recent = new RecentEventIds(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();

        recent.add(first);
        recent.add(second);
        assertThat(recent.contains(first)).isTrue();
        recent.add(third);

        assertThat(recent.contains(first)).isFalse();
        assertThat(recent.contains(second)).isTrue();
        assertThat(recent.contains(third)).isTrue();
        assertThat(recent.size()).isEqualTo(2);
    }
}
