package io.containerengine.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.gateway.support.Tokens;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

class TokenVerifierTest {

    private final UUID user = UUID.randomUUID();
    private final TokenVerifier verifier = new TokenVerifier(Tokens.JWT_SECRET, 100, Clock.systemUTC());

    @Test
    void acceptsValidAccessTokenAndReturnsItsSubject() {
        VerifiedToken verified = verifier.verify(Tokens.access(user));

        assertThat(verified).isNotNull();
        assertThat(verified.userId()).isEqualTo(user);
    }

    @Test
    void rejectsExpiredToken() {
        String expired = Tokens.token(Tokens.JWT_SECRET, "container-engine", "access", user.toString(),
                Instant.now().minusSeconds(1));

        assertThat(verifier.verify(expired)).isNull();
    }

    @Test
    void rejectsTokenSignedWithAnotherKey() {
        String forged = Tokens.token("another-secret-that-is-long-enough-0123456789", "container-engine", "access",
                user.toString(), Instant.now().plusSeconds(600));

        assertThat(verifier.verify(forged)).isNull();
    }

    @Test
    void rejectsRefreshToken() {
        assertThat(verifier.verify(Tokens.refresh(user))).isNull();
    }

    @Test
    void rejectsTokenWithoutType() {
        String untyped = Tokens.token(Tokens.JWT_SECRET, "container-engine", null, user.toString(),
                Instant.now().plusSeconds(600));

        assertThat(verifier.verify(untyped)).isNull();
    }

    @Test
    void rejectsWrongIssuer() {
        String foreign = Tokens.token(Tokens.JWT_SECRET, "someone-else", "access", user.toString(),
                Instant.now().plusSeconds(600));

        assertThat(verifier.verify(foreign)).isNull();
    }

    @Test
    void rejectsTokenWithoutExpiry() {
        String eternal = Tokens.token(Tokens.JWT_SECRET, "container-engine", "access", user.toString(), null);

        assertThat(verifier.verify(eternal)).isNull();
    }

    @Test
    void rejectsSubjectThatIsNotUuid() {
        String named = Tokens.token(Tokens.JWT_SECRET, "container-engine", "access", "alice",
                Instant.now().plusSeconds(600));

        assertThat(verifier.verify(named)).isNull();
    }

    @Test
    void rejectsOtherHmacAlgorithmsEvenWithTheRightKey() {
        String longSecret = Tokens.JWT_SECRET + Tokens.JWT_SECRET; // long enough for HS512
        var key = Keys.hmacShaKeyFor(longSecret.getBytes(StandardCharsets.UTF_8));
        String hs512 = Jwts.builder().issuer("container-engine").subject(user.toString()).claim("typ", "access")
                .expiration(Date.from(Instant.now().plusSeconds(600))).signWith(key, Jwts.SIG.HS512).compact();

        assertThat(new TokenVerifier(longSecret, 100, Clock.systemUTC()).verify(hs512)).isNull();
    }

    @Test
    void rejectsGarbageAndUnsignedTokens() {
        assertThat(verifier.verify(null)).isNull();
        assertThat(verifier.verify("")).isNull();
        assertThat(verifier.verify("not-a-jwt")).isNull();
        assertThat(verifier.verify("a.b.c")).isNull();
        assertThat(verifier.verify("x".repeat(10_000))).isNull();
        String unsigned = Jwts.builder().issuer("container-engine").subject(user.toString()).claim("typ", "access")
                .expiration(Date.from(Instant.now().plusSeconds(600))).compact();
        assertThat(verifier.verify(unsigned)).isNull();
    }

    @Test
    void cachedTokenStopsBeingAcceptedWhenItExpires() {
        Instant now = Instant.now();
        MutableClock clock = new MutableClock(now);
        TokenVerifier timed = new TokenVerifier(Tokens.JWT_SECRET, 100, clock);
        String token = Tokens.token(Tokens.JWT_SECRET, "container-engine", "access", user.toString(),
                now.plusSeconds(60));

        assertThat(timed.verify(token)).isNotNull();
        assertThat(timed.verify(token)).isSameAs(timed.verify(token));

        clock.now = now.plus(Duration.ofSeconds(61));
        assertThat(timed.verify(token)).isNull();
    }

    @Test
    void keepsWorkingWhenTheCacheIsFull() {
        TokenVerifier tiny = new TokenVerifier(Tokens.JWT_SECRET, 2, Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            UUID someone = UUID.randomUUID();
            assertThat(tiny.verify(Tokens.access(someone)).userId()).isEqualTo(someone);
        }
    }

    @Test
    void rejectsTokenWithoutSessionOrIssuedAt() {
        var key = Keys.hmacShaKeyFor(Tokens.JWT_SECRET.getBytes(StandardCharsets.UTF_8));
        Date exp = Date.from(Instant.now().plusSeconds(600));
        String noSid = Jwts.builder().issuer("container-engine").subject(user.toString()).claim("typ", "access")
                .issuedAt(new Date()).expiration(exp).signWith(key, Jwts.SIG.HS256).compact();
        String noIat = Jwts.builder().issuer("container-engine").subject(user.toString()).claim("typ", "access")
                .claim("sid", UUID.randomUUID().toString()).expiration(exp).signWith(key, Jwts.SIG.HS256).compact();
        String badSid = Jwts.builder().issuer("container-engine").subject(user.toString()).claim("typ", "access")
                .claim("sid", "session-1").issuedAt(new Date()).expiration(exp).signWith(key, Jwts.SIG.HS256)
                .compact();

        assertThat(verifier.verify(noSid)).isNull();
        assertThat(verifier.verify(noIat)).isNull();
        assertThat(verifier.verify(badSid)).isNull();
    }

    @Test
    void cachedTokenIsRefusedOnceItsSessionIsRevokedAndIsPurged() {
        RevokedSessions revoked = new RevokedSessions(Duration.ofHours(1), true, Clock.systemUTC());
        revoked.snapshotLoaded();
        TokenVerifier checked = new TokenVerifier(Tokens.JWT_SECRET, 100, Clock.systemUTC(), revoked);
        UUID session = UUID.randomUUID();
        String token = Tokens.access(user, session, Instant.now().minusSeconds(5));
        String other = Tokens.access(user, UUID.randomUUID(), Instant.now().minusSeconds(5));
        assertThat(checked.verify(token)).isNotNull();
        assertThat(checked.verify(other)).isNotNull();

        revoked.revokeSession(session, 0);
        assertThat(checked.verify(token)).isNull();

        checked.purgeSessions(java.util.List.of(session));
        assertThat(checked.cachedCount()).isEqualTo(1);
        assertThat(checked.verify(other)).isNotNull();
    }

    @Test
    void userNotBeforePurgesOlderCachedTokens() {
        RevokedSessions revoked = new RevokedSessions(Duration.ofHours(1), true, Clock.systemUTC());
        revoked.snapshotLoaded();
        TokenVerifier checked = new TokenVerifier(Tokens.JWT_SECRET, 100, Clock.systemUTC(), revoked);
        long now = Instant.now().getEpochSecond();
        String older = Tokens.access(user, UUID.randomUUID(), Instant.ofEpochSecond(now - 30));
        String newer = Tokens.access(user, UUID.randomUUID(), Instant.ofEpochSecond(now - 5));
        assertThat(checked.verify(older)).isNotNull();
        assertThat(checked.verify(newer)).isNotNull();

        revoked.notBefore(user, now - 10);
        checked.purgeUser(user, now - 10);

        assertThat(checked.cachedCount()).isEqualTo(1);
        assertThat(checked.verify(older)).isNull();
        assertThat(checked.verify(newer)).isNotNull();
    }

    @Test
    void failsFastOnShortSecret() {
        assertThatThrownBy(() -> new TokenVerifier("too-short", 10, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new TokenVerifier(null, 10, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class);
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
