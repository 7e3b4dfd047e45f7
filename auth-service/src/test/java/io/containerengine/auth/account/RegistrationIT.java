package io.containerengine.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import tools.jackson.databind.JsonNode;

class RegistrationIT extends AbstractAuthIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void registersUserAndAnswersSessionWith201() {
        String username = unique();
        Response response = http.post("/v1/auth/register",
                registerBody(username, "  " + username.toUpperCase() + "@Example.COM ", "correct-horse"));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("access_token").asString()).isNotBlank();
        assertThat(body.get("refresh_token").asString()).isNotBlank();
        assertThat(body.get("expires_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        JsonNode user = body.get("user");
        assertThat(UUID.fromString(user.get("id").asString())).isNotNull();
        assertThat(user.get("username").asString()).isEqualTo(username);
        assertThat(user.get("email").asString()).isEqualTo(username + "@example.com");
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("access_token", "refresh_token", "expires_at",
                "user");
        assertThat(user.propertyNames()).containsExactlyInAnyOrder("id", "username", "email");
    }

    @Test
    void storesOnlyABcryptHashOfThePassword() {
        String username = unique();
        Response response = http.post("/v1/auth/register",
                registerBody(username, username + "@example.com", "correct-horse"));
        String hash = jdbc.sql("select password_hash from users where id = ?")
                .param(UUID.fromString(response.json().get("user").get("id").asString()))
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("correct-horse");
    }

    @Test
    void rejectsDuplicateUsernameIgnoringCaseWith409() {
        String username = unique();
        assertThat(http.post("/v1/auth/register", registerBody(username, username + "@example.com", PASSWORD))
                .status()).isEqualTo(201);

        Response response = http.post("/v1/auth/register",
                registerBody(username.toUpperCase(), unique() + "@example.com", PASSWORD));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Username already exists");
    }

    @Test
    void rejectsDuplicateEmailIgnoringCaseWith409() {
        String email = unique() + "@example.com";
        assertThat(http.post("/v1/auth/register", registerBody(unique(), email, PASSWORD)).status())
                .isEqualTo(201);

        Response response = http.post("/v1/auth/register", registerBody(unique(), email.toUpperCase(), PASSWORD));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Email already exists");
    }

    @Test
    void rejectsMismatchedConfirmationWith400() {
        Response response = http.post("/v1/auth/register", TestHttp.toJson(Map.of("username", unique(),
                "email", unique() + "@example.com", "password", PASSWORD, "confirm_password", "password2")));

        assertBadRequest(response, "confirm_password");
    }

    @Test
    void rejectsShortPasswordWith400() {
        assertBadRequest(http.post("/v1/auth/register", registerBody(unique(), unique() + "@example.com", "short")),
                "password");
    }

    @Test
    void rejectsPasswordLongerThanBcryptAcceptsWith400() {
        assertBadRequest(http.post("/v1/auth/register",
                registerBody(unique(), unique() + "@example.com", "p".repeat(73))), "password");
    }

    @Test
    void rejectsBadEmailWith400() {
        for (String email : new String[] {"not-an-email", "a@b", "a b@example.com", ""}) {
            assertBadRequest(http.post("/v1/auth/register", registerBody(unique(), email, PASSWORD)), "email");
        }
    }

    @Test
    void rejectsBadUsernameWith400() {
        for (String username : new String[] {"ab", "x".repeat(33), "has space", "dots.are.bad", "ünïcode"}) {
            assertBadRequest(http.post("/v1/auth/register",
                    registerBody(username, unique() + "@example.com", PASSWORD)), "username");
        }
    }

    @Test
    void rejectsMissingFieldWith400() {
        Response response = http.post("/v1/auth/register", TestHttp.toJson(Map.of("username", unique(),
                "email", unique() + "@example.com", "password", PASSWORD)));

        assertBadRequest(response, "confirm_password");
    }

    @Test
    void rejectsMalformedJsonWith400() {
        Response response = http.post("/v1/auth/register", "{\"username\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Invalid JSON body");
    }

    @Test
    void ignoresUnknownFields() {
        String username = unique();
        Response response = http.post("/v1/auth/register", TestHttp.toJson(Map.of("username", username,
                "email", username + "@example.com", "password", PASSWORD, "confirm_password", PASSWORD,
                "favourite_colour", "green")));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void emitsUserRegistered() {
        String username = unique();
        Response response = http.post("/v1/auth/register",
                registerBody(username, username + "@example.com", PASSWORD));
        UUID id = UUID.fromString(response.json().get("user").get("id").asString());

        var event = events().awaitOne(id, io.containerengine.contracts.EventTypes.USER_REGISTERED);

        var payload = event.payloadAs(io.containerengine.contracts.UserRegistered.class);
        assertThat(payload.userId()).isEqualTo(id);
        assertThat(payload.username()).isEqualTo(username);
        assertThat(payload.email()).isEqualTo(username + "@example.com");
        assertThat(event.userId()).isEqualTo(id);
    }

    @Test
    void rejectsWeakPasswordsWith400() {
        String username = unique();
        for (String weak : new String[] {"password", "12345678", "qwertyui", "aaaaaaaaaa", username}) {
            assertBadRequest(http.post("/v1/auth/register",
                    registerBody(username, username + "@example.com", weak)), "password");
        }
        // the e-mail's local part as password; unique, because a fixed address would meet the per-account
        // registration limit (5 an hour, kept in Redis) when the suite runs several times within the hour
        String mailbox = "mailbox-" + unique();
        assertThat(http.post("/v1/auth/register", registerBody(unique(), mailbox + "@example.com", mailbox)).status())
                .isEqualTo(400);
    }

    private static void assertBadRequest(Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        JsonNode error = response.json().get("error");
        assertThat(error.get("message").asString()).isEqualTo("Invalid input data");
        assertThat(error.get("details").asString()).contains(field + ":");
        assertThat(response.body()).doesNotContain("Exception");
    }
}
