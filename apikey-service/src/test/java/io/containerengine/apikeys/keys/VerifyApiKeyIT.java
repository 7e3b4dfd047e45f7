package io.containerengine.apikeys.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.containerengine.apikeys.AbstractApiKeyIT;
import io.containerengine.apikeys.TestHttp;
import io.containerengine.apikeys.TestHttp.Response;
import io.containerengine.common.identity.InternalIdentity;
import tools.jackson.databind.JsonNode;

class VerifyApiKeyIT extends AbstractApiKeyIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void tellsThePlatformWhoOwnsALiveKeyAndRecordsUse() {
        UUID user = newUser();
        JsonNode created = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "k")), identity(user)).json();

        Response response = verify(created.get("key").asString(), InternalIdentity.SYSTEM);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("user_id").asString()).isEqualTo(user.toString());
        assertThat(response.json().get("key_id").asString()).isEqualTo(created.get("id").asString());
        assertThat(http.get("/v1/api-keys", identity(user)).json().get("api_keys").get(0).get("last_used")
                .asString()).isNotBlank();
    }

    @Test
    void answers404ForUnknownRevokedOrExpiredKeys() {
        UUID user = newUser();
        JsonNode revoked = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "r")), identity(user)).json();
        http.delete("/v1/api-keys/" + revoked.get("id").asString(), identity(user));
        JsonNode expired = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "e")), identity(user)).json();
        jdbc.sql("update api_keys set expires_at = now() - interval '1 minute' where id = ?")
                .param(UUID.fromString(expired.get("id").asString())).update();

        assertThat(verify("ce_dev_nope", InternalIdentity.SYSTEM).status()).isEqualTo(404);
        assertThat(verify(revoked.get("key").asString(), InternalIdentity.SYSTEM).status()).isEqualTo(404);
        assertThat(verify(expired.get("key").asString(), InternalIdentity.SYSTEM).status()).isEqualTo(404);
    }

    @Test
    void refusesUsersWith403() {
        UUID user = newUser();
        String key = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "k")), identity(user)).json()
                .get("key").asString();

        assertThat(verify(key, user).status()).isEqualTo(403);
        assertThat(http.post("/internal/api-keys/verify", TestHttp.toJson(Map.of("key", key))).status())
                .isEqualTo(401);
    }

    private Response verify(String key, UUID caller) {
        return http.post("/internal/api-keys/verify", TestHttp.toJson(Map.of("key", key)), identity(caller));
    }
}
