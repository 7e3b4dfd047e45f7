package io.containerengine.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class JwtTokensTest {

    static final String SECRET = "unit-test-secret-unit-test-secret-0123";
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00.750Z");

    JwtTokens tokens(Instant now) {
        return new JwtTokens(new AuthProperties(SECRET, Duration.ofHours(1), Duration.ofDays(30)),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void expiresAtIsTheExpClaimToTheSecond() {
        IssuedToken token = tokens(NOW).issue(UUID.randomUUID(), UUID.randomUUID(), TokenType.ACCESS);

        assertThat(token.issuedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2025-01-01T01:00:00Z"));
        assertThat(tokens(NOW).parse(token.token(), TokenType.ACCESS).orElseThrow().expiresAt())
                .isEqualTo(token.expiresAt());
    }

    @Test
    void aTokenIssuedInTheSecondOfARevocationCarriesTheNotBeforeAsIat() {
        Instant notBefore = Instant.parse("2025-01-01T00:00:01Z"); // a reset at 00:00:00.500, rounded up
        UUID user = UUID.randomUUID();

        IssuedToken before = tokens(Instant.parse("2025-01-01T00:00:00.250Z")).issue(user, UUID.randomUUID(),
                TokenType.ACCESS);
        IssuedToken after = tokens(Instant.parse("2025-01-01T00:00:00.900Z")).issue(user, UUID.randomUUID(),
                TokenType.ACCESS, notBefore);
        IssuedToken later = tokens(Instant.parse("2025-01-01T00:00:05.100Z")).issue(user, UUID.randomUUID(),
                TokenType.ACCESS, notBefore);

        // the gateway refuses iat < not_before: the earlier token dies, the ones issued after the reset live
        assertThat(before.issuedAt()).isBefore(notBefore);
        assertThat(after.issuedAt()).isEqualTo(notBefore);
        assertThat(after.expiresAt()).isEqualTo(notBefore.plus(Duration.ofHours(1)));
        assertThat(tokens(NOW).parse(after.token(), TokenType.ACCESS).orElseThrow().issuedAt()).isEqualTo(notBefore);
        assertThat(later.issuedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:05Z"));
    }

    @Test
    void parsesOnlyTheExpectedType() {
        UUID user = UUID.randomUUID();
        JwtTokens tokens = tokens(NOW);
        IssuedToken refresh = tokens.issue(user, UUID.randomUUID(), TokenType.REFRESH);

        assertThat(tokens.parse(refresh.token(), TokenType.REFRESH)).get()
                .extracting(IssuedToken::userId, IssuedToken::jti)
                .containsExactly(user, refresh.jti());
        assertThat(tokens.parse(refresh.token(), TokenType.ACCESS)).isEmpty();
    }

    @Test
    void rejectsExpiredToken() {
        IssuedToken access = tokens(NOW).issue(UUID.randomUUID(), UUID.randomUUID(), TokenType.ACCESS);

        assertThat(tokens(NOW.plus(Duration.ofHours(2))).parse(access.token(), TokenType.ACCESS)).isEmpty();
    }

    @Test
    void rejectsTokenSignedWithAnotherKey() {
        JwtTokens other = new JwtTokens(new AuthProperties("x".repeat(40), Duration.ofHours(1), Duration.ofDays(1)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        IssuedToken foreign = other.issue(UUID.randomUUID(), UUID.randomUUID(), TokenType.ACCESS);

        assertThat(tokens(NOW).parse(foreign.token(), TokenType.ACCESS)).isEmpty();
        assertThat(tokens(NOW).parse("garbage", TokenType.ACCESS)).isEmpty();
        assertThat(tokens(NOW).parse(null, TokenType.ACCESS)).isEmpty();
    }

    @Test
    void refusesShortOrMissingSecretWithClearMessage() {
        assertThatThrownBy(() -> new AuthProperties("too-short", Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JWT_SECRET").hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new AuthProperties(null, Duration.ofHours(1), Duration.ofDays(1)))
                .hasMessageContaining("JWT_SECRET");
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(new AuthProperties(SECRET, Duration.ofHours(1), Duration.ofDays(1)).toString())
                .doesNotContain(SECRET);
    }
}
