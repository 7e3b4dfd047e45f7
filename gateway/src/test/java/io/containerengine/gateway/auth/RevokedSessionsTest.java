package io.containerengine.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.gateway.support.MutableClock;

class RevokedSessionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
    private final long start = clock.instant().getEpochSecond();
    private final UUID user = UUID.randomUUID();

    @Test
    void refusesRevokedSessionUntilItsTokensHaveExpired() {
        RevokedSessions revoked = loaded(new RevokedSessions(Duration.ofHours(1), true, clock));
        UUID session = UUID.randomUUID();
        VerifiedToken token = token(session, start - 10);

        revoked.revokeSession(session, 0);

        assertThat(revoked.refuses(token, start)).isTrue();
        assertThat(revoked.refuses(token(UUID.randomUUID(), start - 10), start)).isFalse();
        assertThat(revoked.refuses(token, start + 3600)).isFalse(); // the entry outlived every token it concerns
    }

    @Test
    void notBeforeRefusesOnlyOlderTokensOfThatUser() {
        RevokedSessions revoked = loaded(new RevokedSessions(Duration.ofHours(1), true, clock));

        revoked.notBefore(user, start - 5);
        revoked.notBefore(user, start - 100); // an older event arriving late changes nothing

        assertThat(revoked.refuses(token(UUID.randomUUID(), start - 6), start)).isTrue();
        assertThat(revoked.refuses(token(UUID.randomUUID(), start - 5), start)).isFalse();
        assertThat(revoked.refuses(new VerifiedToken(UUID.randomUUID(), UUID.randomUUID(), start - 50, start + 60),
                start)).isFalse();
    }

    @Test
    void failsClosedForTokensOlderThanTheGatewayUntilTheSnapshotIsLoaded() {
        RevokedSessions revoked = new RevokedSessions(Duration.ofHours(1), true, clock);
        VerifiedToken older = token(UUID.randomUUID(), start - 1);
        VerifiedToken newer = token(UUID.randomUUID(), start);

        assertThat(revoked.refuses(older, start)).isTrue();
        assertThat(revoked.refuses(newer, start)).isFalse();

        revoked.snapshotLoaded();
        assertThat(revoked.refuses(older, start)).isFalse();
    }

    @Test
    void failsOpenWhenConfiguredSo() {
        RevokedSessions revoked = new RevokedSessions(Duration.ofHours(1), false, clock);

        assertThat(revoked.refuses(token(UUID.randomUUID(), start - 100), start)).isFalse();
    }

    @Test
    void dropsExpiredEntries() {
        RevokedSessions revoked = loaded(new RevokedSessions(Duration.ofMinutes(1), true, clock));
        revoked.revokeSession(UUID.randomUUID(), 0);
        revoked.notBefore(user, start);

        clock.advance(Duration.ofMinutes(2));
        revoked.revokeSession(UUID.randomUUID(), 0);

        assertThat(revoked.size()).isEqualTo(1);
    }

    private VerifiedToken token(UUID session, long issuedAt) {
        return new VerifiedToken(user, session, issuedAt, issuedAt + 3600);
    }

    private static RevokedSessions loaded(RevokedSessions revoked) {
        revoked.snapshotLoaded();
        return revoked;
    }
}
