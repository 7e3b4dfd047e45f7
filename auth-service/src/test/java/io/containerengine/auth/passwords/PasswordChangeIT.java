package io.containerengine.auth.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;
import tools.jackson.databind.JsonNode;

class PasswordChangeIT extends AbstractAuthIT {

    static final String NEW_PASSWORD = "staple-ocean-lantern";

    @Autowired
    StringRedisTemplate redis;

    @Test
    void changesThePasswordAndEndsEveryOtherSession() {
        JsonNode current = register();
        UUID user = userId(current);
        String email = current.get("user").get("email").asString();
        JsonNode other = http.post("/v1/auth/login", login(email, PASSWORD)).json();

        Response response = http.put("/v1/user/password", change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD),
                identity(user), current.get("access_token").asString());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"message\":\"Password updated successfully\"}");
        assertThat(http.post("/v1/auth/login", login(email, PASSWORD)).status()).isEqualTo(401);
        assertThat(http.post("/v1/auth/login", login(email, NEW_PASSWORD)).status()).isEqualTo(200);
        assertThat(http.post("/v1/auth/refresh", refresh(current.get("refresh_token").asString())).status())
                .isEqualTo(200);
        assertThat(http.post("/v1/auth/refresh", refresh(other.get("refresh_token").asString())).status())
                .isEqualTo(401);
        SessionsRevoked revoked = events().awaitOne(user, EventTypes.USER_SESSIONS_REVOKED)
                .payloadAs(SessionsRevoked.class);
        assertThat(revoked.reason()).isEqualTo("password_changed");
        assertThat(revoked.sessionIds()).containsExactly(sidOf(other));
        assertThat(redis.hasKey("ce:revoked-session:" + sidOf(other))).isTrue();
        assertThat(redis.hasKey("ce:revoked-session:" + sidOf(current))).isFalse();
    }

    @Test
    void refusesAWrongCurrentPassword() {
        JsonNode session = register();

        Response response = http.put("/v1/user/password", change("not-my-password", NEW_PASSWORD, NEW_PASSWORD),
                identity(userId(session)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Current password is incorrect");
        assertThat(http.post("/v1/auth/login", login(session.get("user").get("email").asString(), PASSWORD))
                .status()).isEqualTo(200);
    }

    @Test
    void refusesAMismatchedConfirmation() {
        JsonNode session = register();

        Response response = http.put("/v1/user/password", change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"),
                identity(userId(session)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").get("details").asString()).contains("confirm_new_password:");
    }

    @Test
    void appliesThePasswordPolicyToTheNewPassword() {
        JsonNode session = register();
        String username = session.get("user").get("username").asString();

        for (String weak : new String[] {"short", "password", "12345678", username}) {
            Response response = http.put("/v1/user/password", change(PASSWORD, weak, weak),
                    identity(userId(session)));
            assertThat(response.status()).as(weak).isEqualTo(400);
            assertThat(response.json().get("error").get("details").asString()).as(weak).startsWith("new_password:");
        }
    }

    @Test
    void refusesMissingFieldsAndForgedIdentity() {
        JsonNode session = register();
        String forged = TestHttp.identity("some-other-secret-some-other-secret-0000", userId(session));

        assertThat(http.put("/v1/user/password", TestHttp.toJson(Map.of("current_password", PASSWORD)),
                identity(userId(session))).status()).isEqualTo(400);
        assertThat(http.put("/v1/user/password", change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD), forged).status())
                .isEqualTo(401);
        assertThat(http.put("/v1/user/password", change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD), null).status())
                .isEqualTo(401);
    }

    static String change(String current, String next, String confirm) {
        return TestHttp.toJson(Map.of("current_password", current, "new_password", next,
                "confirm_new_password", confirm));
    }

    static UUID sidOf(JsonNode session) {
        return UUID.fromString(io.jsonwebtoken.Jwts.parser()
                .verifyWith(io.jsonwebtoken.security.Keys.hmacShaKeyFor(
                        JWT_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build().parseSignedClaims(session.get("access_token").asString()).getPayload()
                .get("sid", String.class));
    }
}
