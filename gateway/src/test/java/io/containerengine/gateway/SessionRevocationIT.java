package io.containerengine.gateway;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;
import io.containerengine.contracts.Topics;
import io.containerengine.gateway.support.IdentityItSupport;
import io.containerengine.gateway.support.Tokens;

class SessionRevocationIT extends IdentityItSupport {

    private final UUID user = UUID.randomUUID();

    @Test
    void revokedSessionsAccessTokenIsRefusedAtOnce() {
        UUID session = UUID.randomUUID();
        UUID otherSession = UUID.randomUUID();
        String token = Tokens.access(user, session, Instant.now().minusSeconds(5));
        String otherToken = Tokens.access(user, otherSession, Instant.now().minusSeconds(5));
        expectStatus(token, 200); // verified and cached
        expectStatus(otherToken, 200);

        publish(Topics.IDENTITY_EVENTS, EventEnvelope.of(EventTypes.USER_SESSIONS_REVOKED, user, user,
                new SessionsRevoked(user, List.of(session), null, "logout")));

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> status(token) == 401);
        expectStatus(otherToken, 200);
    }

    @Test
    void userNotBeforeRefusesOlderTokensAndAcceptsNewerOnes() {
        Instant notBefore = Instant.now().minusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String older = Tokens.access(user, UUID.randomUUID(), notBefore.minusSeconds(20));
        String newer = Tokens.access(user, UUID.randomUUID(), notBefore.plusSeconds(5));
        String sameSecond = Tokens.access(user, UUID.randomUUID(), notBefore);
        expectStatus(older, 200);

        publish(Topics.IDENTITY_EVENTS, EventEnvelope.of(EventTypes.USER_SESSIONS_REVOKED, user, user,
                new SessionsRevoked(user, List.of(), notBefore, "password_reset")));

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> status(older) == 401);
        expectStatus(newer, 200);
        expectStatus(sameSecond, 200);
        // someone else's old token is not concerned
        expectStatus(Tokens.access(UUID.randomUUID(), UUID.randomUUID(), notBefore.minusSeconds(20)), 200);
    }

    @Test
    void revocationsPreloadedFromRedisAtStartupAreHonoured() {
        expectStatus(Tokens.access(PRELOADED_USER, PRELOADED_REVOKED_SESSION, Instant.now().minusSeconds(30)), 401);
        expectStatus(Tokens.access(PRELOADED_USER, UUID.randomUUID(), Instant.now().minusSeconds(30)), 200);

        expectStatus(Tokens.access(PRELOADED_RESET_USER, UUID.randomUUID(), PRELOADED_NOT_BEFORE.minusSeconds(1)), 401);
        expectStatus(Tokens.access(PRELOADED_RESET_USER, UUID.randomUUID(), PRELOADED_NOT_BEFORE.plusSeconds(1)), 200);
    }

    @Test
    void tokenWithoutSessionIsRefused() {
        String noSid = io.jsonwebtoken.Jwts.builder().issuer("container-engine").subject(user.toString())
                .claim("typ", "access").issuedAt(java.util.Date.from(Instant.now()))
                .expiration(java.util.Date.from(Instant.now().plusSeconds(600)))
                .signWith(io.jsonwebtoken.security.Keys.hmacShaKeyFor(
                        Tokens.JWT_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .compact();
        expectStatus(noSid, 401);
    }

    private int status(String token) {
        return client().get().uri("/v1/user/profile").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .returnResult(String.class).getStatus().value();
    }

    private void expectStatus(String token, int status) {
        client().get().uri("/v1/user/profile").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isEqualTo(status);
    }
}
