package io.containerengine.auth.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SessionRevocationsTest {

    @Test
    void notBeforeIsTheSecondAfterTheRevocationSoTokensOfItsOwnSecondAreRefused() {
        // a token issued at 10:00:00.300 has iat 10:00:00; the reset at 10:00:00.700 must refuse it (iat < nb)
        assertThat(SessionRevocations.notBeforeAfter(Instant.parse("2025-01-01T10:00:00.700Z")))
                .isEqualTo(Instant.parse("2025-01-01T10:00:01Z"));
        assertThat(SessionRevocations.notBeforeAfter(Instant.parse("2025-01-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-01T10:00:01Z"));
    }
}
