package io.containerengine.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class InternalIdentityTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final UUID user = UUID.randomUUID();

    @Test
    void acceptsWhatItSigned() {
        var identity = new InternalIdentity(SECRET);
        assertThat(identity.verify(identity.sign(user))).contains(user);
    }

    @Test
    void rejectsATokenSignedWithAnotherSecret() {
        var forger = new InternalIdentity("ffffffffffffffffffffffffffffffff");
        assertThat(new InternalIdentity(SECRET).verify(forger.sign(user))).isEmpty();
    }

    @Test
    void rejectsATokenWhoseUserWasSwapped() {
        var identity = new InternalIdentity(SECRET);
        String token = identity.sign(user);
        String tampered = token.replace(user.toString(), UUID.randomUUID().toString());
        assertThat(identity.verify(tampered)).isEmpty();
    }

    @Test
    void rejectsAnExpiredToken() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        var signer = new InternalIdentity(SECRET, Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC));
        var later = new InternalIdentity(SECRET, Duration.ofSeconds(30),
                Clock.fixed(now.plusSeconds(31), ZoneOffset.UTC));
        assertThat(later.verify(signer.sign(user))).isEmpty();
    }

    @Test
    void rejectsGarbageAndPlainUserIds() {
        var identity = new InternalIdentity(SECRET);
        assertThat(identity.verify(null)).isEmpty();
        assertThat(identity.verify("")).isEmpty();
        assertThat(identity.verify(user.toString())).isEmpty();
        assertThat(identity.verify("v1." + user + ".99999999999.")).isEmpty();
    }
}
