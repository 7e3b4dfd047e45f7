package io.containerengine.deployments.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.containerengine.contracts.EventTypes;
import io.containerengine.deployments.IntegrationTestSupport;

class IdempotentCreateIT extends IntegrationTestSupport {

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndCreatesNothing() throws Exception {
        String app = appName("idem");
        String body = """
                {"app_name":"%s","image":"nginx:1.27-alpine","env_vars":{"A":"1","B":"2"}}""".formatted(app);
        String key = "key-" + UUID.randomUUID();

        HttpResponse<String> first = create(user, key, body);
        HttpResponse<String> retry = create(user, key, body);
        // the same request with its env vars in another order is the same request
        HttpResponse<String> reordered = create(user, key, """
                {"env_vars":{"B":"2","A":"1"},"image":"nginx:1.27-alpine","app_name":"%s"}""".formatted(app));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(retry.body())).isEqualTo(JSON.readTree(first.body()));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(reordered.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(reordered.body())).isEqualTo(JSON.readTree(first.body()));

        UUID id = UUID.fromString(JSON.readTree(first.body()).get("id").asString());
        assertThat(jdbc.sql("select count(*) from deployment where app_name = ?").param(app)
                .query(Integer.class).single()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_CREATED).size() == 1);
        assertThat(deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_CREATED)).hasSize(1);
    }

    @Test
    void concurrentRetriesCreateOneDeployment() throws Exception {
        String app = appName("idemrace");
        String body = """
                {"app_name":"%s","image":"nginx"}""".formatted(app);
        String key = UUID.randomUUID().toString();
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> create(user, key, body)));
            }
            String firstBody = null;
            for (var answer : answers) {
                HttpResponse<String> r = answer.get();
                assertThat(r.statusCode()).isEqualTo(201);
                if (firstBody == null) {
                    firstBody = r.body();
                }
                assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(firstBody));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from deployment where app_name = ?").param(app)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(create(user, key, """
                {"app_name":"%s","image":"nginx"}""".formatted(appName("idem-a"))).statusCode()).isEqualTo(201);

        HttpResponse<String> other = create(user, key, """
                {"app_name":"%s","image":"nginx"}""".formatted(appName("idem-b")));

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(other.body()).get("error").get("message").asString())
                .isEqualTo("Idempotency-Key already used");
    }

    @Test
    void keysBelongToOneUser() throws Exception {
        String key = UUID.randomUUID().toString();
        String first = appName("idem-u1");
        assertThat(create(user, key, """
                {"app_name":"%s","image":"nginx"}""".formatted(first)).statusCode()).isEqualTo(201);

        // another user's identical key is a different key: a normal create (here: the name is taken)
        HttpResponse<String> stranger = create(UUID.randomUUID(), key, """
                {"app_name":"%s","image":"nginx"}""".formatted(first));
        assertThat(stranger.statusCode()).isEqualTo(409);
    }

    @Test
    void failedRequestsAreNotRememberedAndKeysExpire() throws Exception {
        String key = UUID.randomUUID().toString();
        String app = appName("idem-fail");
        assertThat(create(user, key, """
                {"app_name":"%s","image":"Not Valid"}""".formatted(app)).statusCode()).isEqualTo(400);
        // the fixed request may use the same key
        String body = """
                {"app_name":"%s","image":"nginx"}""".formatted(app);
        assertThat(create(user, key, body).statusCode()).isEqualTo(201);

        // once expired, the key is free: the same body is a new request (409: the name is taken now)
        jdbc.sql("update idempotency_key set expires_at = now() - interval '1 second' where user_id = ? and idempotency_key = ?")
                .param(user).param(key).update();
        assertThat(create(user, key, body).statusCode()).isEqualTo(409);
    }

    @Test
    void storesKeysForTwentyFourHours() throws Exception {
        String key = UUID.randomUUID().toString();
        create(user, key, """
                {"app_name":"%s","image":"nginx"}""".formatted(appName("idem-ttl")));
        Double hours = jdbc.sql("""
                select extract(epoch from expires_at - created_at) / 3600 from idempotency_key
                where user_id = ? and idempotency_key = ?""").param(user).param(key).query(Double.class).single();
        assertThat(hours).isEqualTo(24.0);
    }

    @Test
    void rejectsMalformedKeys() throws Exception {
        HttpResponse<String> r = create(user, "x".repeat(256), """
                {"app_name":"%s","image":"nginx"}""".formatted(appName("idem-bad")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").get("message").asString()).contains("Idempotency-Key");
    }

    private HttpResponse<String> create(UUID as, String key, String body) throws Exception {
        return sendRaw("POST", "/v1/deployments", as, body, Map.of("Idempotency-Key", key));
    }
}
