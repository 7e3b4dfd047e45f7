package io.containerengine.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import tools.jackson.databind.JsonNode;

class ProfileIT extends AbstractAuthIT {

    @Test
    void returnsTheCallersProfile() {
        String username = unique();
        http.post("/v1/auth/register", registerBody(unique(), unique() + "@example.com", PASSWORD));
        UUID id = UUID.fromString(http.post("/v1/auth/register",
                registerBody(username, username + "@example.com", PASSWORD)).json().get("user").get("id")
                .asString());

        Response response = http.get("/v1/user/profile", identity(id));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "username", "email", "created_at",
                "last_login", "is_active");
        assertThat(body.get("id").asString()).isEqualTo(id.toString());
        assertThat(body.get("username").asString()).isEqualTo(username);
        assertThat(body.get("email").asString()).isEqualTo(username + "@example.com");
        assertThat(body.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(body.get("is_active").asBoolean()).isTrue();
        assertThat(body.toString()).doesNotContain("password");
    }

    @Test
    void requiresIdentityHeader() {
        Response response = http.get("/v1/user/profile", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").get("message").asString()).isNotBlank();
    }

    @Test
    void rejectsForgedIdentityHeader() {
        UUID id = UUID.randomUUID();
        String forged = TestHttp.identity("some-other-secret-some-other-secret-0000", id);

        assertThat(http.get("/v1/user/profile", forged).status()).isEqualTo(401);
        assertThat(http.get("/v1/user/profile", "v1." + id + ".9999999999.bogus").status()).isEqualTo(401);
    }

    @Test
    void answers404ForAnIdentityWithoutUser() {
        assertThat(http.get("/v1/user/profile", identity(UUID.randomUUID())).status()).isEqualTo(404);
    }
}
