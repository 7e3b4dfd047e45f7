package io.containerengine.auth.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;
import tools.jackson.databind.JsonNode;

class DeactivationIT extends AbstractAuthIT {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void aDeactivatedUserCanNeitherLogInNorRefreshAndTheGatewaysAreTold() {
        JsonNode session = register();
        UUID user = userId(session);
        String email = session.get("user").get("email").asString();

        Response response = deactivate(user, InternalIdentity.SYSTEM);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        Response login = http.post("/v1/auth/login", login(email, PASSWORD));
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.json().get("error").get("message").asString()).isEqualTo("Invalid credentials");
        assertThat(http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString())).status())
                .isEqualTo(401);
        assertThat(http.get("/v1/user/profile", identity(user)).json().get("is_active").asBoolean()).isFalse();
        SessionsRevoked revoked = events().awaitOne(user, EventTypes.USER_SESSIONS_REVOKED)
                .payloadAs(SessionsRevoked.class);
        assertThat(revoked.reason()).isEqualTo("deactivated");
        assertThat(revoked.sessionIds()).isEmpty();
        assertThat(redis.opsForValue().get("ce:user-not-before:" + user))
                .isEqualTo(String.valueOf(revoked.notBefore().getEpochSecond()));
    }

    @Test
    void aDeactivatedUserCannotChangeProfileOrPasswordOrGetAResetLink() {
        JsonNode session = register();
        UUID user = userId(session);
        deactivate(user, InternalIdentity.SYSTEM);

        assertThat(http.put("/v1/user/profile", TestHttp.toJson(java.util.Map.of("username", unique())),
                identity(user)).status()).isEqualTo(403);
        assertThat(http.put("/v1/user/password", TestHttp.toJson(java.util.Map.of("current_password", PASSWORD,
                "new_password", "staple-ocean-lantern", "confirm_new_password", "staple-ocean-lantern")),
                identity(user)).status()).isEqualTo(403);
    }

    @Test
    void onlyThePlatformMayDeactivate() {
        UUID user = userId(register());
        String forged = TestHttp.identity("some-other-secret-some-other-secret-0000", InternalIdentity.SYSTEM);

        assertThat(deactivate(user, user).status()).isEqualTo(403);
        assertThat(http.post("/internal/users/" + user + "/deactivate", "", forged).status()).isEqualTo(401);
        assertThat(http.post("/internal/users/" + user + "/deactivate", "", null).status()).isEqualTo(401);
        assertThat(http.post("/v1/auth/login", login(unique(), PASSWORD)).status()).isEqualTo(401);
    }

    @Test
    void answers404ForAnUnknownUser() {
        assertThat(deactivate(UUID.randomUUID(), InternalIdentity.SYSTEM).status()).isEqualTo(404);
    }

    private Response deactivate(UUID user, UUID caller) {
        return http.post("/internal/users/" + user + "/deactivate", "", identity(caller));
    }
}
