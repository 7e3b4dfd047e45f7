package io.containerengine.auth.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import tools.jackson.databind.JsonNode;

class ProfileUpdateIT extends AbstractAuthIT {

    @Test
    void updatesUsernameAndEmailNormalisedAndAnswersTheSpecShape() {
        JsonNode session = register();
        UUID user = userId(session);
        String username = unique();

        Response response = http.put("/v1/user/profile",
                body("username", " " + username + " ", "email", " " + username.toUpperCase() + "@Example.ORG "),
                identity(user));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "username", "email", "updated_at");
        assertThat(body.get("id").asString()).isEqualTo(user.toString());
        assertThat(body.get("username").asString()).isEqualTo(username);
        assertThat(body.get("email").asString()).isEqualTo(username + "@example.org");
        assertThat(Instant.parse(body.get("updated_at").asString())).isAfter(Instant.now().minusSeconds(60));
        JsonNode profile = http.get("/v1/user/profile", identity(user)).json();
        assertThat(profile.get("username").asString()).isEqualTo(username);
        assertThat(profile.get("email").asString()).isEqualTo(username + "@example.org");
        assertThat(http.post("/v1/auth/login", login(username + "@example.org", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void changesOnlyTheFieldsGiven() {
        JsonNode session = register();
        UUID user = userId(session);
        String email = unique() + "@example.com";

        Response response = http.put("/v1/user/profile", body("email", email), identity(user));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("username").asString())
                .isEqualTo(session.get("user").get("username").asString());
        assertThat(response.json().get("email").asString()).isEqualTo(email);
        assertThat(http.put("/v1/user/profile", "{}", identity(user)).json().get("email").asString())
                .isEqualTo(email);
    }

    @Test
    void aMisspeltFieldIsRefusedInsteadOfChangingNothing() {
        JsonNode session = register();
        UUID user = userId(session);

        Response typo = http.put("/v1/user/profile", body("emial", unique() + "@example.com"), identity(user));

        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("error").get("details").asString())
                .isEqualTo("emial is not a field of this request (known: username, email)");
        assertThat(http.get("/v1/user/profile", identity(user)).json().get("email").asString())
                .isEqualTo(session.get("user").get("email").asString());
    }

    @Test
    void rejectsAUsernameOrEmailOfAnotherUserWith409() {
        JsonNode mine = register();
        JsonNode theirs = register();

        Response username = http.put("/v1/user/profile",
                body("username", theirs.get("user").get("username").asString().toUpperCase()), identity(userId(mine)));
        Response email = http.put("/v1/user/profile", body("email", theirs.get("user").get("email").asString()),
                identity(userId(mine)));

        assertThat(username.status()).isEqualTo(409);
        assertThat(username.json().get("error").get("message").asString()).isEqualTo("Username already exists");
        assertThat(email.status()).isEqualTo(409);
        assertThat(email.json().get("error").get("message").asString()).isEqualTo("Email already exists");
    }

    @Test
    void allowsChangingTheCaseOfOnesOwnUsername() {
        JsonNode session = register();
        String upper = session.get("user").get("username").asString().toUpperCase();

        Response response = http.put("/v1/user/profile", body("username", upper), identity(userId(session)));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("username").asString()).isEqualTo(upper);
    }

    @Test
    void rejectsInvalidValuesWith400NamingTheField() {
        UUID user = userId(register());

        Response username = http.put("/v1/user/profile", body("username", "no spaces allowed"), identity(user));
        Response email = http.put("/v1/user/profile", body("email", "not-an-email"), identity(user));

        assertThat(username.status()).isEqualTo(400);
        assertThat(username.json().get("error").get("details").asString()).contains("username:");
        assertThat(email.status()).isEqualTo(400);
        assertThat(email.json().get("error").get("details").asString()).contains("email:");
    }

    @Test
    void refusesAForgedIdentity() {
        UUID user = userId(register());
        String forged = TestHttp.identity("some-other-secret-some-other-secret-0000", user);

        assertThat(http.put("/v1/user/profile", body("username", unique()), forged).status()).isEqualTo(401);
        assertThat(http.put("/v1/user/profile", body("username", unique()), null).status()).isEqualTo(401);
    }

    private static String body(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return TestHttp.toJson(map);
    }
}
