package io.containerengine.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import tools.jackson.databind.JsonNode;

/** Tokens as the gateway and clients use them: claims, refresh, logout. */
class SessionIT extends AbstractAuthIT {

    @Test
    void issuesAccessTokenWithTheClaimsTheGatewayValidates() {
        JsonNode session = register();
        String userId = session.get("user").get("id").asString();

        Claims claims = Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(JWT_SECRET.getBytes(StandardCharsets.UTF_8)))
                .build()
                .parseSignedClaims(session.get("access_token").asString())
                .getPayload();

        assertThat(claims.getIssuer()).isEqualTo("container-engine");
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.get("typ", String.class)).isEqualTo("access");
        assertThat(claims.getId()).isNotBlank();
        Instant issuedAt = claims.getIssuedAt().toInstant();
        Instant expiresAt = claims.getExpiration().toInstant();
        assertThat(issuedAt).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(Duration.between(issuedAt, expiresAt)).isEqualTo(Duration.ofHours(1));
        assertThat(Instant.parse(session.get("expires_at").asString())).isEqualTo(expiresAt);
    }

    @Test
    void issuesRefreshTokenOfTypeRefreshLasting30Days() {
        JsonNode session = register();

        Claims claims = Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(JWT_SECRET.getBytes(StandardCharsets.UTF_8)))
                .build()
                .parseSignedClaims(session.get("refresh_token").asString())
                .getPayload();

        assertThat(claims.get("typ", String.class)).isEqualTo("refresh");
        assertThat(claims.getSubject()).isEqualTo(session.get("user").get("id").asString());
        assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
                .isEqualTo(Duration.ofDays(30));
    }

    @Test
    void refreshesAccessToken() {
        JsonNode session = register();

        Response response = http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString()));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        // Refresh tokens rotate: the answer carries the next one besides the spec's access_token and expires_at.
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("access_token", "refresh_token", "expires_at");
        Claims claims = Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(JWT_SECRET.getBytes(StandardCharsets.UTF_8)))
                .build()
                .parseSignedClaims(body.get("access_token").asString())
                .getPayload();
        assertThat(claims.get("typ", String.class)).isEqualTo("access");
        assertThat(claims.getSubject()).isEqualTo(session.get("user").get("id").asString());
        assertThat(Instant.parse(body.get("expires_at").asString())).isEqualTo(claims.getExpiration().toInstant());
    }

    @Test
    void refusesToRefreshWithAnAccessToken() {
        JsonNode session = register();

        Response response = http.post("/v1/auth/refresh", refresh(session.get("access_token").asString()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").get("message").asString()).isNotBlank();
    }

    @Test
    void refusesToRefreshWithGarbageOrForeignlySignedToken() {
        String foreign = Jwts.builder().issuer("container-engine").subject(UUID.randomUUID().toString())
                .claim("typ", "refresh").id(UUID.randomUUID().toString())
                .expiration(java.util.Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor("another-secret-another-secret-another-secret"
                        .getBytes(StandardCharsets.UTF_8)))
                .compact();

        assertThat(http.post("/v1/auth/refresh", refresh("not.a.jwt")).status()).isEqualTo(401);
        assertThat(http.post("/v1/auth/refresh", refresh(foreign)).status()).isEqualTo(401);
        assertThat(http.post("/v1/auth/refresh", "{}").status()).isEqualTo(400);
    }

    @Test
    void logoutMakesTheRefreshTokenUnusable() {
        JsonNode session = register();
        UUID userId = UUID.fromString(session.get("user").get("id").asString());
        Response refreshed = http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString()));
        assertThat(refreshed.status()).isEqualTo(200);
        String refreshToken = refreshed.json().get("refresh_token").asString();

        Response logout = http.post("/v1/auth/logout", "", identity(userId));

        assertThat(logout.status()).as(logout.toString()).isEqualTo(200);
        assertThat(logout.body()).isEqualTo("{\"message\":\"Successfully logged out\"}");
        assertThat(http.post("/v1/auth/refresh", refresh(refreshToken)).status()).isEqualTo(401);
    }

    @Test
    void logoutNeedsIdentity() {
        assertThat(http.post("/v1/auth/logout", "").status()).isEqualTo(401);
    }
}
