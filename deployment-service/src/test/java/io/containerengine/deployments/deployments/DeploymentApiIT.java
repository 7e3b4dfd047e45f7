package io.containerengine.deployments.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.deployments.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

class DeploymentApiIT extends IntegrationTestSupport {

    @Test
    void createsPendingDeploymentWithSpecShape() throws Exception {
        String app = appName("shape");
        Response r = post("/v1/deployments", user, """
                {"app_name":"%s","image":"registry.example.com:5000/team/web:1.0","port":8080,
                 "env_vars":{"MODE":"prod"},"replicas":2,"resources":{"cpu":"250m","memory":"256Mi"},
                 "health_check":{"path":"/healthz","initial_delay_seconds":1,"period_seconds":5,
                                 "timeout_seconds":2,"failure_threshold":4},
                 "registry_auth":{"username":"bot","password":"s3cr3t-pass"}}
                """.formatted(app));

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.body();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder(
                "id", "app_name", "image", "status", "url", "created_at", "message");
        assertThat(body.get("app_name").asString()).isEqualTo(app);
        assertThat(body.get("image").asString()).isEqualTo("registry.example.com:5000/team/web:1.0");
        assertThat(body.get("status").asString()).isEqualTo("pending");
        assertThat(body.get("url").isNull()).isTrue();
        assertThat(body.get("created_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(body.get("message").asString()).isEqualTo("Deployment is being processed");

        Response details = get("/v1/deployments/" + body.get("id").asString(), user);
        assertThat(details.status()).isEqualTo(200);
        JsonNode d = details.body();
        assertThat(d.get("user_id").asString()).isEqualTo(user.toString());
        assertThat(d.get("port").asInt()).isEqualTo(8080);
        assertThat(d.get("replicas").asInt()).isEqualTo(2);
        assertThat(d.get("env_vars").get("MODE").asString()).isEqualTo("prod");
        assertThat(d.get("resources").get("cpu").asString()).isEqualTo("250m");
        assertThat(d.get("resources").get("memory").asString()).isEqualTo("256Mi");
        assertThat(d.get("health_check").get("path").asString()).isEqualTo("/healthz");
        assertThat(d.get("health_check").get("failure_threshold").asInt()).isEqualTo(4);
        assertThat(d.get("created_at").asString()).isEqualTo(body.get("created_at").asString());
        assertThat(d.has("deployed_at")).isTrue();
        assertThat(d.get("error_message").isNull()).isTrue();
        assertThat(d.has("registry_auth")).isFalse();
        assertThat(details.body().toString()).doesNotContain("s3cr3t-pass");

        String stored = jdbc.sql("select registry_password_cipher from deployment where app_name = ?")
                .param(app).query(String.class).single();
        assertThat(stored).isNotBlank().doesNotContain("s3cr3t-pass");
    }

    @Test
    void appliesDefaultsForPortAndReplicas() throws Exception {
        UUID id = createdId(user, appName("defaults"));
        JsonNode d = get("/v1/deployments/" + id, user).body();
        assertThat(d.get("port").asInt()).isEqualTo(80);
        assertThat(d.get("replicas").asInt()).isEqualTo(1);
        assertThat(d.get("health_check").isNull()).isTrue();
    }

    @Test
    void hidesDeploymentsOfOtherUsersWith404() throws Exception {
        UUID id = createdId(user, appName("owner"));
        Response r = get("/v1/deployments/" + id, UUID.randomUUID());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().get("error").get("message").asString()).isEqualTo("Deployment not found");
    }

    @Test
    void answersUnknownAndMalformedIdsWith404() throws Exception {
        assertThat(get("/v1/deployments/" + UUID.randomUUID(), user).status()).isEqualTo(404);
        Response malformed = get("/v1/deployments/not-a-uuid", user);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.body().get("error").get("message").isString()).isTrue();
    }

    @Test
    void rejectsBadJsonWith400() throws Exception {
        Response r = post("/v1/deployments", user, "{\"app_name\": ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("error").get("message").asString()).isEqualTo("Invalid JSON body");
    }

    @Test
    void rejectsWrongTypeNamingTheField() throws Exception {
        Response r = post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","port":"eighty"}""".formatted(appName("type")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("error").get("message").asString()).contains("port");
    }

    @Test
    void rejectsMissingFieldsNamingThem() throws Exception {
        Response r = post("/v1/deployments", user, "{}");
        assertThat(r.status()).isEqualTo(400);
        JsonNode error = r.body().get("error");
        assertThat(error.get("message").asString()).contains("app_name").contains("image");
        assertThat(error.get("details").asString()).contains("app_name is required").contains("image is required");
    }

    @Test
    void rejectsInvalidFieldsNamingThem() throws Exception {
        assertRejected("""
                {"app_name":"Bad_Name","image":"nginx"}""", "app_name");
        assertRejected("""
                {"app_name":"%s","image":"Nginx:latest"}""".formatted(appName("img")), "image");
        assertRejected("""
                {"app_name":"%s","image":"nginx","port":70000}""".formatted(appName("port")), "port");
        assertRejected("""
                {"app_name":"%s","image":"nginx","replicas":11}""".formatted(appName("rep")), "replicas");
        // a misspelt field is refused, naming it and the fields there are, instead of being ignored
        Response typo = post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","health_check":{"path":"/","interval_seconds":5}}"""
                .formatted(appName("typo")));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.body().get("error").get("message").asString())
                .isEqualTo("Invalid health_check.interval_seconds");
        assertThat(typo.body().get("error").get("details").asString())
                .startsWith("health_check.interval_seconds is not a field of this request (known: ")
                .contains("period_seconds");
        assertRejected("""
                {"app_name":"%s","image":"nginx","env":{"MODE":"prod"}}""".formatted(appName("env2")), "env");
        // a fraction is refused, not truncated to a whole number the user did not send
        assertRejected("""
                {"app_name":"%s","image":"nginx","replicas":1.5}""".formatted(appName("frac")), "replicas");
        assertRejected("""
                {"app_name":"%s","image":"nginx","port":80.5}""".formatted(appName("fport")), "port");
        assertRejected("""
                {"app_name":"%s","image":"nginx","resources":{"cpu":"lots"}}""".formatted(appName("cpu")),
                "resources.cpu");
        assertRejected("""
                {"app_name":"%s","image":"nginx","resources":{"memory":"64Ti"}}""".formatted(appName("mem")),
                "resources.memory");
        assertRejected("""
                {"app_name":"%s","image":"nginx","env_vars":{"1BAD":"x"}}""".formatted(appName("env")),
                "env_vars");
        assertRejected("""
                {"app_name":"%s","image":"nginx","health_check":{"path":"health"}}""".formatted(appName("hc")),
                "health_check.path");
        assertRejected("""
                {"app_name":"%s","image":"nginx","registry_auth":{"username":"u"}}""".formatted(appName("ra")),
                "registry_auth.password");
    }

    private void assertRejected(String body, String field) throws Exception {
        Response r = post("/v1/deployments", user, body);
        assertThat(r.status()).as(body).isEqualTo(400);
        assertThat(r.body().get("error").get("message").asString()).as(body).contains(field);
    }

    @Test
    void rejectsDuplicateAppNameWith409AcrossUsers() throws Exception {
        String app = appName("dup");
        assertThat(createDeployment(user, app).status()).isEqualTo(201);
        Response again = createDeployment(UUID.randomUUID(), app);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("error").get("message").asString()).isEqualTo("App name already exists");
    }

    @Test
    void listsOnlyTheCallersDeploymentsWithPagination() throws Exception {
        UUID first = createdId(user, appName("list-a"));
        createdId(user, appName("list-b"));
        UUID third = createdId(user, appName("list-c"));
        createdId(UUID.randomUUID(), appName("list-other"));

        Response page1 = get("/v1/deployments?page=1&limit=2", user);
        assertThat(page1.status()).isEqualTo(200);
        assertThat(page1.body().get("deployments")).hasSize(2);
        assertThat(page1.body().get("deployments").get(0).get("id").asString()).isEqualTo(third.toString());
        JsonNode pagination = page1.body().get("pagination");
        assertThat(pagination.get("page").asInt()).isEqualTo(1);
        assertThat(pagination.get("limit").asInt()).isEqualTo(2);
        assertThat(pagination.get("total").asInt()).isEqualTo(3);
        assertThat(pagination.get("total_pages").asInt()).isEqualTo(2);
        JsonNode item = page1.body().get("deployments").get(0);
        assertThat(item.propertyNames()).containsExactlyInAnyOrder(
                "id", "app_name", "image", "status", "url", "replicas", "created_at", "updated_at");

        Response page2 = get("/v1/deployments?page=2&limit=2", user);
        assertThat(page2.body().get("deployments")).hasSize(1);
        assertThat(page2.body().get("deployments").get(0).get("id").asString()).isEqualTo(first.toString());

        Response defaults = get("/v1/deployments", user);
        assertThat(defaults.body().get("pagination").get("limit").asInt()).isEqualTo(10);
        assertThat(defaults.body().get("deployments")).hasSize(3);
    }

    @Test
    void filtersListByStatus() throws Exception {
        UUID pending = createdId(user, appName("filter-p"));
        UUID running = createdId(user, appName("filter-r"));
        jdbc.sql("update deployment set status = 'running' where id = ?").param(running).update();

        Response r = get("/v1/deployments?status=running", user);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("deployments")).hasSize(1);
        assertThat(r.body().get("deployments").get(0).get("id").asString()).isEqualTo(running.toString());
        assertThat(r.body().get("pagination").get("total").asInt()).isEqualTo(1);

        Response p = get("/v1/deployments?status=pending", user);
        assertThat(p.body().get("deployments")).hasSize(1);
        assertThat(p.body().get("deployments").get(0).get("id").asString()).isEqualTo(pending.toString());

        Response bad = get("/v1/deployments?status=sleeping", user);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("error").get("message").asString()).contains("status");
    }

    @Test
    void rejectsPaginationOutOfRangeWith400() throws Exception {
        for (String query : new String[] {"page=0", "page=-1", "page=x", "limit=0", "limit=101", "limit=abc"}) {
            Response r = get("/v1/deployments?" + query, user);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.body().get("error").get("message").asString()).as(query)
                    .contains(query.substring(0, query.indexOf('=')));
        }
        assertThat(get("/v1/deployments?limit=100", user).status()).isEqualTo(200);
    }

    @Test
    void requiresTheGatewayIdentity() throws Exception {
        Response r = get("/v1/deployments", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().get("error").get("message").isString()).isTrue();
    }

    @Test
    void answersUnknownPathsAndMethodsInTheErrorShape() throws Exception {
        Response unknown = get("/v1/nothing-here", user);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").get("message").isString()).isTrue();
        Response method = send("PATCH", "/v1/deployments", user, "{}");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.body().get("error").get("message").asString()).isEqualTo("Method not allowed");
    }

    @Test
    void internalRoutesAreHiddenFromUsers() throws Exception {
        Response r = get("/internal/routes", user);
        assertThat(r.status()).isEqualTo(404);
        assertThat(get("/internal/routes", InternalIdentity.SYSTEM).status()).isEqualTo(200);
    }

    @Test
    void refusesBodiesOverTheLimitWith413() throws Exception {
        String huge = "{\"app_name\":\"" + appName("big") + "\",\"image\":\"nginx\",\"env_vars\":{\"X\":\""
                + "x".repeat(300 * 1024) + "\"}}";
        Response known = post("/v1/deployments", user, huge);
        assertThat(known.status()).isEqualTo(413);
        assertThat(known.body().get("error").get("message").asString()).isEqualTo("Request body too large");

        // without Content-Length (chunked) the limit applies while reading
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/v1/deployments"))
                .header("Content-Type", "application/json")
                .header(InternalIdentity.HEADER, identity.sign(user))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        var chunked = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).get("error").get("message").asString())
                .isEqualTo("Request body too large");

        // a body just under the limit is read (and judged on its content)
        String large = "{\"app_name\":\"" + appName("big") + "\",\"image\":\"nginx\",\"env_vars\":{\"X\":\""
                + "x".repeat(40 * 1024) + "\"}}";
        Response judged = post("/v1/deployments", user, large);
        assertThat(judged.status()).isEqualTo(400);
        assertThat(judged.body().get("error").get("message").asString()).contains("env_vars.X");
    }

    @Test
    void aUserHasAtMostTheConfiguredNumberOfDeploymentsEvenWhenCreatingConcurrently() throws Exception {
        String prefix = "quota-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        jdbc.sql("""
                insert into deployment (id, user_id, app_name, image, port, replicas, generation, status,
                    created_at, updated_at)
                select gen_random_uuid(), :userId, :prefix || n, 'nginx', 80, 1, 1, 'running', now(), now()
                from generate_series(1, 48) as n
                """).param("userId", user).param("prefix", prefix).update();

        assertThat(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx"}""".formatted(appName("q49"))).status()).isEqualTo(201);

        // 49 live: five creates at once for the last place, exactly one gets it
        List<Future<Response>> racing = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            for (int i = 0; i < 5; i++) {
                String body = """
                        {"app_name":"%s","image":"nginx"}""".formatted(appName("race"));
                racing.add(pool.submit(() -> post("/v1/deployments", user, body)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> r : racing) {
                statuses.add(r.get().status());
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409, 409);
        } finally {
            pool.shutdownNow();
        }
        Response refused = post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx"}""".formatted(appName("q51")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().toString()).isEqualTo("{\"error\":{\"message\":\"Deployment limit reached\","
                + "\"details\":\"at most 50 deployments per user; delete one to create another\"}}");
        assertThat(get("/v1/deployments?limit=1", user).body().get("pagination").get("total").asLong()).isEqualTo(50);

        // another user is not affected, and a deleted deployment frees its place
        assertThat(post("/v1/deployments", UUID.randomUUID(), """
                {"app_name":"%s","image":"nginx"}""".formatted(appName("other"))).status()).isEqualTo(201);
        jdbc.sql("update deployment set deleted_at = now() where app_name = :name").param("name", prefix + "1").update();
        assertThat(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx"}""".formatted(appName("q50"))).status()).isEqualTo(201);
    }
}
