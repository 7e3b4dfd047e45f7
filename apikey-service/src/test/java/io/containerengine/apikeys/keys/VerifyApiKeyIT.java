package io.containerengine.apikeys.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

    @Test
    void tellsTheGatewayUntilWhenTheKeyWorks() {
        UUID user = newUser();
        Instant expires = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode created = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "k",
                "expires_at", expires.toString())), identity(user)).json();
        JsonNode forever = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "f")), identity(user)).json();

        Response expiring = verify(created.get("key").asString(), InternalIdentity.SYSTEM);
        Response unlimited = verify(forever.get("key").asString(), InternalIdentity.SYSTEM);

        assertThat(Instant.parse(expiring.json().get("expires_at").asString())).isEqualTo(expires);
        assertThat(unlimited.json().get("expires_at").isNull()).isTrue();
    }

    @Test
    void writesLastUsedAtMostOncePerMinuteOnVerify() {
        UUID user = newUser();
        JsonNode created = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "k")), identity(user)).json();
        UUID id = UUID.fromString(created.get("id").asString());
        String key = created.get("key").asString();

        verify(key, InternalIdentity.SYSTEM);
        long version = rowVersion(id);
        Instant firstUse = lastUsed(id);
        for (int i = 0; i < 5; i++) {
            assertThat(verify(key, InternalIdentity.SYSTEM).status()).isEqualTo(200);
        }

        // xmin changes with every write of the row: none of the five verifications wrote.
        assertThat(rowVersion(id)).isEqualTo(version);
        assertThat(lastUsed(id)).isEqualTo(firstUse);

        jdbc.sql("update api_keys set last_used = now() - interval '61 seconds' where id = ?").param(id).update();
        verify(key, InternalIdentity.SYSTEM);
        assertThat(lastUsed(id)).isAfter(Instant.now().minusSeconds(10));
    }

    @Test
    void recordsUsageReportedInBatchesByTheGateway() {
        UUID user = newUser();
        UUID first = UUID.fromString(http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "a")), identity(user))
                .json().get("id").asString());
        UUID second = UUID.fromString(http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "b")),
                identity(user)).json().get("id").asString());
        Instant earlier = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        Instant later = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);

        Response response = usage(InternalIdentity.SYSTEM, List.of(
                Map.of("key_id", first.toString(), "last_used", earlier.toString()),
                Map.of("key_id", second.toString(), "last_used", later.toString()),
                Map.of("key_id", UUID.randomUUID().toString(), "last_used", later.toString())));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("updated").asInt()).isEqualTo(2);
        assertThat(lastUsed(first)).isEqualTo(earlier);
        assertThat(lastUsed(second)).isEqualTo(later);

        // Never backwards, and not again within a minute.
        usage(InternalIdentity.SYSTEM, List.of(Map.of("key_id", second.toString(), "last_used", earlier.toString())));
        assertThat(lastUsed(second)).isEqualTo(later);
        // A clock ahead of ours counts as now.
        usage(InternalIdentity.SYSTEM, List.of(Map.of("key_id", first.toString(),
                "last_used", Instant.now().plusSeconds(3600).toString())));
        assertThat(lastUsed(first)).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void usageReportsAreForThePlatformOnlyAndValidated() {
        UUID user = newUser();
        List<Map<String, String>> one = List.of(Map.of("key_id", UUID.randomUUID().toString(),
                "last_used", Instant.now().toString()));

        assertThat(usage(user, one).status()).isEqualTo(403);
        assertThat(http.post("/internal/api-keys/usage", TestHttp.toJson(Map.of("usages", one))).status())
                .isEqualTo(401);
        assertThat(usage(InternalIdentity.SYSTEM, List.of(Map.of("key_id", UUID.randomUUID().toString())))
                .status()).isEqualTo(400);
        assertThat(http.post("/internal/api-keys/usage", "{}", identity(InternalIdentity.SYSTEM)).status())
                .isEqualTo(400);
    }

    private Response usage(UUID caller, List<Map<String, String>> usages) {
        return http.post("/internal/api-keys/usage", TestHttp.toJson(Map.of("usages", usages)), identity(caller));
    }

    private long rowVersion(UUID id) {
        return jdbc.sql("select xmin::text::bigint from api_keys where id = ?").param(id).query(Long.class).single();
    }

    private Instant lastUsed(UUID id) {
        return jdbc.sql("select last_used from api_keys where id = ?").param(id)
                .query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant()).single();
    }

    private Response verify(String key, UUID caller) {
        return http.post("/internal/api-keys/verify", TestHttp.toJson(Map.of("key", key)), identity(caller));
    }
}
