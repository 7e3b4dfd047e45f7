package io.containerengine.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import tools.jackson.databind.JsonNode;

class LoginIT extends AbstractAuthIT {

    @Test
    void logsInWithEmailInAnyCaseAndRecordsLastLogin() {
        String username = unique();
        String email = username + "@example.com";
        UUID id = UUID.fromString(http.post("/v1/auth/register", registerBody(username, email, PASSWORD))
                .json().get("user").get("id").asString());
        assertThat(http.get("/v1/user/profile", identity(id)).json().get("last_login").isNull()).isTrue();

        Response response = http.post("/v1/auth/login", login(" " + email.toUpperCase(), PASSWORD));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("access_token").asString()).isNotBlank();
        assertThat(body.get("refresh_token").asString()).isNotBlank();
        assertThat(body.get("expires_at").asString()).isNotBlank();
        assertThat(body.get("user").get("id").asString()).isEqualTo(id.toString());
        assertThat(body.get("user").get("username").asString()).isEqualTo(username);
        assertThat(body.get("user").get("email").asString()).isEqualTo(email);
        assertThat(http.get("/v1/user/profile", identity(id)).json().get("last_login").asString()).isNotBlank();
    }

    @Test
    void answersTheSame401ForWrongPasswordAndUnknownEmail() {
        String username = unique();
        http.post("/v1/auth/register", registerBody(username, username + "@example.com", PASSWORD));

        Response wrongPassword = http.post("/v1/auth/login", login(username + "@example.com", "password2"));
        Response unknownEmail = http.post("/v1/auth/login", login(unique() + "@example.com", PASSWORD));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body())
                .isEqualTo("{\"error\":{\"message\":\"Invalid credentials\"}}");
    }

    @Test
    void rejectsOverlongPasswordAs401NotAsServerError() {
        String username = unique();
        http.post("/v1/auth/register", registerBody(username, username + "@example.com", PASSWORD));

        assertThat(http.post("/v1/auth/login", login(username + "@example.com", "p".repeat(100))).status())
                .isEqualTo(401);
    }

    @Test
    void rejectsMissingPasswordWith400() {
        Response response = http.post("/v1/auth/login", TestHttp.toJson(Map.of("email", "a@example.com")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").get("details").asString()).contains("password");
    }
}
