package io.containerengine.auth.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp.Response;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import tools.jackson.databind.JsonNode;

/** Sessions as refresh-token families: rotation, reuse detection, logout, and what the gateway is told. */
class SessionRevocationIT extends AbstractAuthIT {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void accessAndRefreshTokensNameTheirSessionAndKeepItAcrossRefreshes() {
        JsonNode session = register();
        String sid = claims(session.get("access_token").asString()).get("sid", String.class);

        Response refreshed = http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString()));

        assertThat(UUID.fromString(sid)).isNotNull();
        assertThat(claims(session.get("refresh_token").asString()).get("sid", String.class)).isEqualTo(sid);
        assertThat(claims(refreshed.json().get("access_token").asString()).get("sid", String.class)).isEqualTo(sid);
        assertThat(claims(refreshed.json().get("refresh_token").asString()).get("sid", String.class))
                .isEqualTo(sid);
    }

    @Test
    void everyRefreshIssuesANewRefreshTokenThatWorksOnce() {
        JsonNode session = register();
        String first = session.get("refresh_token").asString();

        Response second = http.post("/v1/auth/refresh", refresh(first));
        Response third = http.post("/v1/auth/refresh", refresh(second.json().get("refresh_token").asString()));

        assertThat(second.status()).isEqualTo(200);
        assertThat(third.status()).as(third.toString()).isEqualTo(200);
        assertThat(second.json().get("refresh_token").asString()).isNotEqualTo(first);
        assertThat(third.json().get("refresh_token").asString())
                .isNotEqualTo(second.json().get("refresh_token").asString());
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamilyAndTellsTheGateways() {
        JsonNode session = register();
        UUID user = userId(session);
        UUID sid = sid(session);
        String stolen = session.get("refresh_token").asString();
        String current = http.post("/v1/auth/refresh", refresh(stolen)).json().get("refresh_token").asString();

        Response reuse = http.post("/v1/auth/refresh", refresh(stolen));

        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.json().get("error").get("message").asString()).isEqualTo("Invalid or expired refresh token");
        // The legitimate holder's newest token died with the family.
        assertThat(http.post("/v1/auth/refresh", refresh(current)).status()).isEqualTo(401);
        SessionsRevoked revoked = events().awaitOne(user, EventTypes.USER_SESSIONS_REVOKED)
                .payloadAs(SessionsRevoked.class);
        assertThat(revoked.sessionIds()).containsExactly(sid);
        assertThat(revoked.reason()).isEqualTo("refresh_token_reuse");
        assertThat(revoked.userId()).isEqualTo(user);
        assertRevokedInRedis(sid, user);
    }

    @Test
    void reuseInOneSessionLeavesTheUsersOtherSessionsAlone() {
        JsonNode first = register();
        String email = first.get("user").get("email").asString();
        JsonNode second = http.post("/v1/auth/login", login(email, PASSWORD)).json();
        String stolen = first.get("refresh_token").asString();
        http.post("/v1/auth/refresh", refresh(stolen));

        http.post("/v1/auth/refresh", refresh(stolen));

        assertThat(http.post("/v1/auth/refresh", refresh(second.get("refresh_token").asString())).status())
                .isEqualTo(200);
    }

    @Test
    void logoutEndsTheSessionOfTheForwardedAccessTokenOnly() {
        JsonNode laptop = register();
        UUID user = userId(laptop);
        JsonNode phone = http.post("/v1/auth/login", login(laptop.get("user").get("email").asString(), PASSWORD))
                .json();

        Response logout = http.post("/v1/auth/logout", "", identity(user), laptop.get("access_token").asString());

        assertThat(logout.status()).as(logout.toString()).isEqualTo(200);
        assertThat(http.post("/v1/auth/refresh", refresh(laptop.get("refresh_token").asString())).status())
                .isEqualTo(401);
        assertThat(http.post("/v1/auth/refresh", refresh(phone.get("refresh_token").asString())).status())
                .isEqualTo(200);
        EventEnvelope event = events().awaitOne(user, EventTypes.USER_SESSIONS_REVOKED);
        SessionsRevoked revoked = event.payloadAs(SessionsRevoked.class);
        assertThat(revoked.sessionIds()).containsExactly(sid(laptop));
        assertThat(revoked.reason()).isEqualTo("logout");
        assertThat(revoked.notBefore()).isNull();
        assertThat(event.userId()).isEqualTo(user);
        assertRevokedInRedis(sid(laptop), user);
        assertThat(redis.hasKey("ce:revoked-session:" + sid(phone))).isFalse();
    }

    @Test
    void logoutNeedsNoBodyAtAll() {
        JsonNode session = register();
        String identity = identity(userId(session));
        String access = session.get("access_token").asString();

        Response logout = http.send("/v1/auth/logout", request -> request
                .header("X-CE-Identity", identity).header("Authorization", "Bearer " + access)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(logout.status()).as(logout.toString()).isEqualTo(200);
        assertThat(http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString())).status())
                .isEqualTo(401);
    }

    @Test
    void logoutCanNameTheSessionByItsRefreshToken() {
        JsonNode session = register();
        UUID user = userId(session);

        http.post("/v1/auth/logout", refresh(session.get("refresh_token").asString()), identity(user));

        assertThat(http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString())).status())
                .isEqualTo(401);
        assertThat(events().awaitOne(user, EventTypes.USER_SESSIONS_REVOKED).payloadAs(SessionsRevoked.class)
                .sessionIds()).containsExactly(sid(session));
    }

    @Test
    void logoutIgnoresAnotherUsersTokenAndEndsAllOwnSessionsInstead() {
        JsonNode mine = register();
        JsonNode theirs = register();
        JsonNode mySecond = http.post("/v1/auth/login", login(mine.get("user").get("email").asString(), PASSWORD))
                .json();

        http.post("/v1/auth/logout", "", identity(userId(mine)), theirs.get("access_token").asString());

        assertThat(http.post("/v1/auth/refresh", refresh(theirs.get("refresh_token").asString())).status())
                .isEqualTo(200);
        assertThat(http.post("/v1/auth/refresh", refresh(mine.get("refresh_token").asString())).status())
                .isEqualTo(401);
        assertThat(http.post("/v1/auth/refresh", refresh(mySecond.get("refresh_token").asString())).status())
                .isEqualTo(401);
        assertThat(events().awaitOne(userId(mine), EventTypes.USER_SESSIONS_REVOKED)
                .payloadAs(SessionsRevoked.class).sessionIds()).containsExactlyInAnyOrder(sid(mine), sid(mySecond));
    }

    @Test
    void refreshTokenIsNotAcceptedAsAccessTokenForLogoutAndViceVersa() {
        JsonNode session = register();

        Response refreshWithAccess = http.post("/v1/auth/refresh", refresh(session.get("access_token").asString()));

        assertThat(refreshWithAccess.status()).isEqualTo(401);
        assertThat(http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString())).status())
                .isEqualTo(200);
    }

    private void assertRevokedInRedis(UUID sid, UUID user) {
        String key = "ce:revoked-session:" + sid;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(key));
        assertThat(redis.opsForValue().get(key)).isEqualTo(user.toString());
        Long ttl = redis.getExpire(key, TimeUnit.SECONDS);
        assertThat(ttl).isBetween(3500L, 3600L);
    }

    static UUID sid(JsonNode session) {
        return UUID.fromString(claims(session.get("access_token").asString()).get("sid", String.class));
    }

    static Claims claims(String token) {
        return Jwts.parser().verifyWith(Keys.hmacShaKeyFor(JWT_SECRET.getBytes(StandardCharsets.UTF_8))).build()
                .parseSignedClaims(token).getPayload();
    }

}
