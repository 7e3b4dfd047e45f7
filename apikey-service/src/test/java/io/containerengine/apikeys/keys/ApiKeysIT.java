package io.containerengine.apikeys.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.containerengine.apikeys.AbstractApiKeyIT;
import io.containerengine.apikeys.TestHttp;
import io.containerengine.apikeys.TestHttp.Response;
import tools.jackson.databind.JsonNode;

class ApiKeysIT extends AbstractApiKeyIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void createsKeyShownOnceAndStoresOnlyItsHash() {
        UUID user = newUser();

        Response response = http.post("/v1/api-keys",
                TestHttp.toJson(Map.of("name", "ci", "description", "for CI")), identity(user));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "name", "key", "created_at");
        assertThat(body.get("name").asString()).isEqualTo("ci");
        assertThat(body.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        String key = body.get("key").asString();
        assertThat(key).matches("ce_dev_[A-Za-z0-9_-]{43}");

        Map<String, Object> row = jdbc.sql("select * from api_keys where id = ?")
                .param(UUID.fromString(body.get("id").asString())).query().singleRow();
        assertThat(row.get("key_hash")).isEqualTo(ApiKeySecrets.hash(key));
        assertThat(row.get("key_prefix")).isEqualTo(key.substring(0, 12));
        assertThat(row.get("user_id")).isEqualTo(user);
        assertThat(row.values()).noneMatch(value -> key.equals(value));
    }

    @Test
    void everyKeyIsDifferent() {
        UUID user = newUser();
        String first = create(user, "a").get("key").asString();
        String second = create(user, "b").get("key").asString();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void rejectsInvalidCreateRequestsWith400() {
        UUID user = newUser();

        Response noName = http.post("/v1/api-keys", TestHttp.toJson(Map.of("description", "x")), identity(user));
        Response blankName = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "  ")), identity(user));
        Response longName = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "n".repeat(101))),
                identity(user));
        Response past = http.post("/v1/api-keys",
                TestHttp.toJson(Map.of("name", "old", "expires_at", "2020-01-01T00:00:00Z")), identity(user));
        Response badJson = http.post("/v1/api-keys", "{\"name\":", identity(user));
        // ignored, it would have made a key that never expires
        Response unknownField = http.post("/v1/api-keys",
                TestHttp.toJson(Map.of("name", "k", "expires_in_days", 30)), identity(user));

        for (Response response : List.of(noName, blankName, longName)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().get("error").get("details").asString()).contains("name:");
        }
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("error").get("details").asString()).contains("expires_at:");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().get("error").get("message").asString()).isEqualTo("Invalid JSON body");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("error").get("details").asString())
                .isEqualTo("expires_in_days is not a field of this request (known: name, description, expires_at)");
        assertThat(http.get("/v1/api-keys", identity(user)).json().get("api_keys")).isEmpty();
    }

    @Test
    void listsOnlyTheCallersLiveKeysWithoutSecrets() {
        UUID user = newUser();
        UUID other = newUser();
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode mine = create(user, Map.of("name", "mine", "description", "desc",
                "expires_at", expires.toString()));
        JsonNode revoked = create(user, "revoked");
        JsonNode theirs = create(other, "theirs");
        assertThat(http.delete("/v1/api-keys/" + revoked.get("id").asString(), identity(user)).status())
                .isEqualTo(200);

        Response response = http.get("/v1/api-keys", identity(user));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("api_keys")).hasSize(1);
        JsonNode item = body.get("api_keys").get(0);
        assertThat(item.propertyNames()).containsExactlyInAnyOrder("id", "name", "description", "key_prefix",
                "created_at", "expires_at", "last_used");
        assertThat(item.get("id").asString()).isEqualTo(mine.get("id").asString());
        assertThat(item.get("name").asString()).isEqualTo("mine");
        assertThat(item.get("description").asString()).isEqualTo("desc");
        assertThat(item.get("key_prefix").asString()).isEqualTo(mine.get("key").asString().substring(0, 12));
        assertThat(item.get("expires_at").asString()).isEqualTo(expires.toString());
        assertThat(item.get("last_used").isNull()).isTrue();
        JsonNode pagination = body.get("pagination");
        assertThat(pagination.get("page").asInt()).isEqualTo(1);
        assertThat(pagination.get("limit").asInt()).isEqualTo(10);
        assertThat(pagination.get("total").asLong()).isEqualTo(1);
        assertThat(pagination.get("total_pages").asLong()).isEqualTo(1);
        for (JsonNode key : List.of(mine, revoked, theirs)) {
            assertThat(response.body()).doesNotContain(key.get("key").asString());
        }
        assertThat(response.body()).doesNotContain("theirs").doesNotContain("key_hash");
    }

    @Test
    void pagesCoverEveryKeyExactlyOnce() {
        UUID user = newUser();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(user, "key-" + i).get("id").asString());
        }

        JsonNode page1 = http.get("/v1/api-keys?page=1&limit=2", identity(user)).json();
        JsonNode page3 = http.get("/v1/api-keys?page=3&limit=2", identity(user)).json();
        JsonNode page4 = http.get("/v1/api-keys?page=4&limit=2", identity(user)).json();

        assertThat(page1.get("pagination").get("total").asLong()).isEqualTo(5);
        assertThat(page1.get("pagination").get("total_pages").asLong()).isEqualTo(3);
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            http.get("/v1/api-keys?page=" + page + "&limit=2", identity(user)).json().get("api_keys")
                    .forEach(item -> seen.add(item.get("id").asString()));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(page3.get("api_keys")).hasSize(1);
        assertThat(page4.get("api_keys")).isEmpty();
        assertThat(page4.get("pagination").get("page").asInt()).isEqualTo(4);
    }

    @Test
    void emptyListHasNoPages() {
        JsonNode body = http.get("/v1/api-keys", identity(newUser())).json();

        assertThat(body.get("api_keys")).isEmpty();
        assertThat(body.get("pagination").get("total").asLong()).isZero();
        assertThat(body.get("pagination").get("total_pages").asLong()).isZero();
    }

    @Test
    void rejectsBadPagingWith400() {
        String identity = identity(newUser());
        for (String query : List.of("page=0", "page=-1", "limit=0", "limit=101", "page=abc", "limit=1.5")) {
            Response response = http.get("/v1/api-keys?" + query, identity);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().get("error").get("message").asString()).isNotBlank();
        }
        assertThat(http.get("/v1/api-keys?limit=100", identity).status()).isEqualTo(200);
    }

    @Test
    void revokesOwnKey() {
        UUID user = newUser();
        String id = create(user, "gone").get("id").asString();

        Response response = http.delete("/v1/api-keys/" + id, identity(user));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"message\":\"API key revoked successfully\"}");
        assertThat(http.delete("/v1/api-keys/" + id, identity(user)).status()).isEqualTo(404);
        assertThat(jdbc.sql("select revoked_at is not null from api_keys where id = ?").param(UUID.fromString(id))
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void answers404ForAnotherUsersKeyAndLeavesItAlone() {
        UUID owner = newUser();
        JsonNode key = create(owner, "owned");

        Response response = http.delete("/v1/api-keys/" + key.get("id").asString(), identity(newUser()));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("API key not found");
        assertThat(http.get("/v1/api-keys", identity(owner)).json().get("api_keys")).hasSize(1);
    }

    @Test
    void answers404ForUnknownOrMalformedKeyId() {
        String identity = identity(newUser());

        assertThat(http.delete("/v1/api-keys/" + UUID.randomUUID(), identity).status()).isEqualTo(404);
        assertThat(http.delete("/v1/api-keys/not-a-uuid", identity).status()).isEqualTo(404);
    }

    @Test
    void everyEndpointNeedsIdentity() {
        String forged = TestHttp.identity("some-other-secret-some-other-secret-0000", UUID.randomUUID());

        assertThat(http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "x")), null).status()).isEqualTo(401);
        assertThat(http.get("/v1/api-keys", null).status()).isEqualTo(401);
        assertThat(http.delete("/v1/api-keys/" + UUID.randomUUID(), null).status()).isEqualTo(401);
        assertThat(http.get("/v1/api-keys", forged).status()).isEqualTo(401);
    }

    private JsonNode create(UUID user, String name) {
        return create(user, Map.of("name", name));
    }

    private JsonNode create(UUID user, Map<String, String> body) {
        Response response = http.post("/v1/api-keys", TestHttp.toJson(body), identity(user));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }
}
