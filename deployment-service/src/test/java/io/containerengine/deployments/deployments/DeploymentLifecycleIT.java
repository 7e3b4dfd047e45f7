package io.containerengine.deployments.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.deployments.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

class DeploymentLifecycleIT extends IntegrationTestSupport {

    // --- update -----------------------------------------------------------------------------------------------

    @Test
    void updateRollsOutANewGenerationAndStaysUpdatingUntilTheRuntimeRunsIt() throws Exception {
        UUID id = runningDeployment(appName("upd"), "127.0.0.1:42001");

        Response r = put("/v1/deployments/" + id, user, """
                {"image":"nginx:1.28-alpine","env_vars":{"MODE":"blue"},"replicas":2,"resources":{"cpu":"200m"},
                 "health_check":{"path":"/ready"},"port":8080}""");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().propertyNames()).containsExactlyInAnyOrder("id", "status", "message", "updated_at");
        assertThat(r.body().get("id").asString()).isEqualTo(id.toString());
        assertThat(r.body().get("status").asString()).isEqualTo("updating");
        assertThat(r.body().get("message").asString()).isEqualTo("Deployment update in progress");

        JsonNode d = get("/v1/deployments/" + id, user).body();
        assertThat(d.get("image").asString()).isEqualTo("nginx:1.28-alpine");
        assertThat(d.get("env_vars").get("MODE").asString()).isEqualTo("blue");
        assertThat(d.get("replicas").asInt()).isEqualTo(2);
        assertThat(d.get("port").asInt()).isEqualTo(8080);
        assertThat(d.get("resources").get("cpu").asString()).isEqualTo("200m");
        assertThat(d.get("health_check").get("path").asString()).isEqualTo("/ready");
        assertThat(d.get("health_check").get("period_seconds").asInt()).isEqualTo(10);

        DeploymentDesiredState desired = awaitDesired(id, 2);
        assertThat(desired.image()).isEqualTo("nginx:1.28-alpine");
        assertThat(desired.port()).isEqualTo(8080);
        assertThat(desired.replicas()).isEqualTo(2);
        assertThat(desired.envVars()).containsEntry("MODE", "blue");
        DeploymentStatusChanged updating = awaitStatusChanged(id, DeploymentStatus.UPDATING);
        assertThat(updating.previousStatus()).isEqualTo(DeploymentStatus.RUNNING);
        // The old replica keeps serving during the rollout.
        assertThat(updating.endpoints()).containsExactly("127.0.0.1:42001");
        assertThat(routeHosts(id)).isNotEmpty();

        // A late report of generation 1 does not end the update, nor does generation 2 coming up.
        observe(id, 1, ObservedPhase.RUNNING, 1, List.of("127.0.0.1:42001"), null);
        observe(id, 2, ObservedPhase.DEPLOYING, 2, List.of("127.0.0.1:42001"), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(2).equals(observedGeneration(id)));
        assertThat(get("/v1/deployments/" + id, user).body().get("status").asString()).isEqualTo("updating");

        observe(id, 2, ObservedPhase.RUNNING, 2, List.of("127.0.0.1:42002", "127.0.0.1:42003"), null);
        awaitStatus(id, "running");
        assertThat(awaitStatusChanged(id, DeploymentStatus.RUNNING, 2).endpoints())
                .containsExactly("127.0.0.1:42002", "127.0.0.1:42003");
    }

    @Test
    void updateKeepsWhatItDoesNotMentionAndMergesResources() throws Exception {
        UUID id = createdId(user, appName("merge"), """
                ,"env_vars":{"A":"1"},"resources":{"cpu":"100m","memory":"128Mi"},"replicas":2""");

        assertThat(put("/v1/deployments/" + id, user, """
                {"resources":{"memory":"256Mi"}}""").status()).isEqualTo(200);

        JsonNode d = get("/v1/deployments/" + id, user).body();
        assertThat(d.get("image").asString()).isEqualTo("nginx:1.27-alpine");
        assertThat(d.get("env_vars").get("A").asString()).isEqualTo("1");
        assertThat(d.get("replicas").asInt()).isEqualTo(2);
        assertThat(d.get("resources").get("cpu").asString()).isEqualTo("100m");
        assertThat(d.get("resources").get("memory").asString()).isEqualTo("256Mi");
    }

    @Test
    void updateValidatesWithTheSameRulesNamingTheField() throws Exception {
        UUID id = createdId(user, appName("updval"));
        String path = "/v1/deployments/" + id;
        assertRejected(put(path, user, "{}"), "body");
        assertRejected(put(path, user, null), "body");
        assertRejected(put(path, user, "{\"image\":\"Bad Image\"}"), "image");
        assertRejected(put(path, user, "{\"app_name\":\"other-name\",\"image\":\"nginx\"}"), "app_name");
        assertRejected(put(path, user, "{\"port\":0}"), "port");
        assertRejected(put(path, user, "{\"replicas\":11}"), "replicas");
        assertRejected(put(path, user, "{\"replicas\":-1}"), "replicas");
        assertRejected(put(path, user, "{\"env_vars\":{\"NO-DASH\":\"x\"}}"), "env_vars");
        assertRejected(put(path, user, "{\"resources\":{\"cpu\":\"9\"}}"), "resources.cpu");
        assertRejected(put(path, user, "{\"resources\":{\"memory\":\"1Mi\"}}"), "resources.memory");
        assertRejected(put(path, user, "{\"health_check\":{\"path\":\"/ok\",\"timeout_seconds\":0}}"),
                "health_check.timeout_seconds");
        assertRejected(put(path, user, "{\"registry_auth\":{\"password\":\"x\"}}"), "registry_auth.username");
        assertRejected(put(path, user, "{\"port\":\"eighty\"}"), "port");
        Response badJson = put(path, user, "{\"image\":");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body().get("error").get("message").asString()).isEqualTo("Invalid JSON body");
        // nothing changed, no new generation
        assertThat(generationOf(id)).isEqualTo(1);
        // the current app name may be sent along
        String app = get(path, user).body().get("app_name").asString();
        assertThat(put(path, user, "{\"app_name\":\"" + app + "\",\"image\":\"nginx:1.28\"}").status())
                .isEqualTo(200);
    }

    @Test
    void updateToZeroReplicasLeavesTheDeploymentStopped() throws Exception {
        UUID id = runningDeployment(appName("updzero"), "127.0.0.1:42011");
        Response r = put("/v1/deployments/" + id, user, "{\"replicas\":0,\"image\":\"nginx:1.28\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status").asString()).isEqualTo("stopped");
        assertThat(awaitDesired(id, 2).replicas()).isZero();
    }

    @Test
    void registryPasswordIsSecretBoxCiphertextAtRestAndInEvents() throws Exception {
        SecretBox box = new SecretBox(SECRETS_KEY);
        UUID id = createdId(user, appName("secret"), """
                ,"image":"registry.example.com/team/app:1","registry_auth":{"username":"bot","password":"p4ss-one"}""");
        String stored = jdbc.sql("select registry_password_cipher from deployment where id = ?").param(id)
                .query(String.class).single();
        assertThat(stored).doesNotContain("p4ss-one");
        assertThat(box.decrypt(stored)).isEqualTo("p4ss-one");
        DeploymentDesiredState created = await().atMost(Duration.ofSeconds(10))
                .until(() -> deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_CREATED), l -> !l.isEmpty())
                .get(0).payloadAs(DeploymentDesiredState.class);
        assertThat(created.registryAuth().server()).isEqualTo("registry.example.com");
        assertThat(created.registryAuth().username()).isEqualTo("bot");
        assertThat(box.decrypt(created.registryAuth().passwordCiphertext())).isEqualTo("p4ss-one");

        // An update without credentials keeps them; one with credentials replaces them.
        put("/v1/deployments/" + id, user, "{\"image\":\"registry.example.com/team/app:2\"}");
        assertThat(box.decrypt(awaitDesired(id, 2).registryAuth().passwordCiphertext())).isEqualTo("p4ss-one");
        put("/v1/deployments/" + id, user, """
                {"registry_auth":{"username":"bot2","password":"p4ss-two"}}""");
        DeploymentDesiredState third = awaitDesired(id, 3);
        assertThat(third.registryAuth().username()).isEqualTo("bot2");
        assertThat(box.decrypt(third.registryAuth().passwordCiphertext())).isEqualTo("p4ss-two");
        assertThat(get("/v1/deployments/" + id, user).body().toString()).doesNotContain("p4ss");
    }

    // --- scale ------------------------------------------------------------------------------------------------

    @Test
    void scaleChangesReplicasWithANewGenerationAndRunningKeepsServing() throws Exception {
        UUID id = runningDeployment(appName("scale"), "127.0.0.1:42021");

        Response r = patch("/v1/deployments/" + id + "/scale", user, "{\"replicas\":3}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().propertyNames()).containsExactlyInAnyOrder("id", "replicas", "status", "message");
        assertThat(r.body().get("replicas").asInt()).isEqualTo(3);
        assertThat(r.body().get("status").asString()).isEqualTo("running");
        assertThat(r.body().get("message").asString()).isEqualTo("Deployment scaled successfully");
        assertThat(awaitDesired(id, 2).replicas()).isEqualTo(3);
        assertThat(get("/v1/deployments/" + id, user).body().get("replicas").asInt()).isEqualTo(3);

        // the same count again changes nothing
        assertThat(patch("/v1/deployments/" + id + "/scale", user, "{\"replicas\":3}").status()).isEqualTo(200);
        assertThat(generationOf(id)).isEqualTo(2);
    }

    @Test
    void scaleToZeroIsStoppedAndRoutesNowhere() throws Exception {
        UUID id = runningDeployment(appName("scalezero"), "127.0.0.1:42031");

        Response r = patch("/v1/deployments/" + id + "/scale", user, "{\"replicas\":0}");

        assertThat(r.body().get("status").asString()).isEqualTo("stopped");
        assertThat(get("/v1/deployments/" + id, user).body().get("status").asString()).isEqualTo("stopped");
        DeploymentStatusChanged stopped = awaitStatusChanged(id, DeploymentStatus.STOPPED);
        assertThat(stopped.endpoints()).isEmpty();
        assertThat(routeHosts(id)).isEmpty();
        assertThat(get("/v1/deployments?status=stopped", user).body().get("deployments").get(0).get("id")
                .asString()).isEqualTo(id.toString());

        // scaling a stopped deployment up starts it again
        Response up = patch("/v1/deployments/" + id + "/scale", user, "{\"replicas\":2}");
        assertThat(up.body().get("status").asString()).isEqualTo("deploying");
        assertThat(awaitDesired(id, 3).replicas()).isEqualTo(2);
    }

    @Test
    void scaleValidatesReplicas() throws Exception {
        UUID id = createdId(user, appName("scaleval"));
        String path = "/v1/deployments/" + id + "/scale";
        assertRejected(patch(path, user, "{}"), "replicas");
        assertRejected(patch(path, user, null), "body");
        assertRejected(patch(path, user, "{\"replicas\":11}"), "replicas");
        assertRejected(patch(path, user, "{\"replicas\":-2}"), "replicas");
        assertRejected(patch(path, user, "{\"replicas\":\"many\"}"), "replicas");
        assertThat(generationOf(id)).isEqualTo(1);
    }

    // --- stop / start -----------------------------------------------------------------------------------------

    @Test
    void stopThenStopAgainIsANoOpAndStartRestoresTheReplicas() throws Exception {
        UUID id = createdId(user, appName("stopstart"), ",\"replicas\":2");
        observe(id, 1, ObservedPhase.RUNNING, 2, List.of("127.0.0.1:42041", "127.0.0.1:42042"), null);
        awaitStatus(id, "running");

        Response stop = post("/v1/deployments/" + id + "/stop", user, null);
        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.body().propertyNames()).containsExactlyInAnyOrder("id", "status", "message");
        assertThat(stop.body().get("status").asString()).isEqualTo("stopped");
        assertThat(stop.body().get("message").asString()).isEqualTo("Deployment stopped successfully");
        assertThat(awaitDesired(id, 2).replicas()).isZero();
        assertThat(get("/v1/deployments/" + id, user).body().get("replicas").asInt()).isZero();

        Response again = post("/v1/deployments/" + id + "/stop", user, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("status").asString()).isEqualTo("stopped");
        assertThat(generationOf(id)).isEqualTo(2);

        // the runtime confirms; a late "running" of generation 1 does not revive it
        observe(id, 1, ObservedPhase.RUNNING, 2, List.of("127.0.0.1:42041"), null);
        observe(id, 2, ObservedPhase.STOPPED, 0, List.of(), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(2).equals(observedGeneration(id)));
        assertThat(get("/v1/deployments/" + id, user).body().get("status").asString()).isEqualTo("stopped");

        Response start = post("/v1/deployments/" + id + "/start", user, null);
        assertThat(start.status()).isEqualTo(200);
        assertThat(start.body().propertyNames()).containsExactlyInAnyOrder("id", "status", "replicas", "message");
        assertThat(start.body().get("status").asString()).isEqualTo("deploying");
        assertThat(start.body().get("replicas").asInt()).isEqualTo(2);
        assertThat(start.body().get("message").asString()).isEqualTo("Deployment started successfully");
        assertThat(awaitDesired(id, 3).replicas()).isEqualTo(2);

        observe(id, 3, ObservedPhase.RUNNING, 2, List.of("127.0.0.1:42043", "127.0.0.1:42044"), null);
        awaitStatus(id, "running");

        Response startAgain = post("/v1/deployments/" + id + "/start", user, null);
        assertThat(startAgain.status()).isEqualTo(200);
        assertThat(startAgain.body().get("status").asString()).isEqualTo("running");
        assertThat(generationOf(id)).isEqualTo(3);
    }

    @Test
    void startRetriesAFailedDeployment() throws Exception {
        UUID id = createdId(user, appName("retry"));
        observe(id, 1, ObservedPhase.FAILED, 1, List.of(), "pull failed");
        awaitStatus(id, "failed");

        Response start = post("/v1/deployments/" + id + "/start", user, null);

        assertThat(start.body().get("status").asString()).isEqualTo("deploying");
        assertThat(awaitDesired(id, 2).replicas()).isEqualTo(1);
        assertThat(get("/v1/deployments/" + id, user).body().get("error_message").isNull()).isTrue();
    }

    // --- delete -----------------------------------------------------------------------------------------------

    @Test
    void deleteAnnouncesItFreesTheNameAndTheRowGoesWhenTheRuntimeConfirms() throws Exception {
        String app = appName("del");
        UUID id = runningDeployment(app, "127.0.0.1:42051");

        Response r = delete("/v1/deployments/" + id, user);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().propertyNames())
                .containsExactlyInAnyOrder("message", "deployment_id", "app_name", "namespace_deleted");
        assertThat(r.body().get("message").asString()).isEqualTo("Deployment deleted successfully");
        assertThat(r.body().get("deployment_id").asString()).isEqualTo(id.toString());
        assertThat(r.body().get("app_name").asString()).isEqualTo(app);
        assertThat(r.body().get("namespace_deleted").asBoolean()).isTrue();

        DeploymentDeleted deleted = await().atMost(Duration.ofSeconds(10))
                .until(() -> deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_DELETED), l -> !l.isEmpty())
                .get(0).payloadAs(DeploymentDeleted.class);
        assertThat(deleted.generation()).isEqualTo(2);
        assertThat(deleted.host()).isEqualTo(app + ".localhost");
        assertThat(awaitStatusChanged(id, DeploymentStatus.DELETING).endpoints()).isEmpty();
        assertThat(routeHosts(id)).isEmpty();

        // visible as deleting, every change refused with 409, deleting again answers the same
        assertThat(get("/v1/deployments/" + id, user).body().get("status").asString()).isEqualTo("deleting");
        assertConflict(post("/v1/deployments/" + id + "/start", user, null));
        assertConflict(post("/v1/deployments/" + id + "/stop", user, null));
        assertConflict(patch("/v1/deployments/" + id + "/scale", user, "{\"replicas\":2}"));
        assertConflict(put("/v1/deployments/" + id, user, "{\"image\":\"nginx:1.28\"}"));
        assertConflict(post("/v1/deployments/" + id + "/rollback", user, "{\"revision\":1}"));
        assertConflict(post("/v1/deployments/" + id + "/domains", user, "{\"domain\":\"" + app + ".example.org\"}"));
        Response twice = delete("/v1/deployments/" + id, user);
        assertThat(twice.status()).isEqualTo(200);
        assertThat(twice.body().get("deployment_id").asString()).isEqualTo(id.toString());
        assertThat(deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_DELETED)).hasSize(1);

        // the app name can be used again right away
        UUID reused = createdId(user, app);
        assertThat(reused).isNotEqualTo(id);

        // observations other than "deleted" change nothing; "deleted" removes the row
        observe(id, 2, ObservedPhase.RUNNING, 1, List.of("127.0.0.1:42051"), null);
        observe(id, 2, ObservedPhase.DELETED, 0, List.of(), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/deployments/" + id, user).status() == 404);
        assertThat(get("/v1/deployments", user).body().get("deployments").findValuesAsString("id"))
                .contains(reused.toString()).doesNotContain(id.toString());
        assertThat(delete("/v1/deployments/" + id, user).status()).isEqualTo(404);
    }

    // --- status -----------------------------------------------------------------------------------------------

    @Test
    void statusReportsWhatTheRuntimeObserved() throws Exception {
        UUID id = createdId(user, appName("status"), ",\"replicas\":2");

        Response before = get("/v1/deployments/" + id + "/status", user);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body().propertyNames()).containsExactlyInAnyOrder(
                "status", "health", "replicas", "last_health_check", "uptime", "restart_count");
        assertThat(before.body().get("status").asString()).isEqualTo("pending");
        assertThat(before.body().get("health").asString()).isEqualTo("unknown");
        assertThat(before.body().get("replicas").get("desired").asInt()).isEqualTo(2);
        assertThat(before.body().get("replicas").get("ready").asInt()).isZero();
        assertThat(before.body().get("replicas").get("available").asInt()).isZero();
        assertThat(before.body().get("last_health_check").isNull()).isTrue();
        assertThat(before.body().get("uptime").asString()).isEqualTo("0s");
        assertThat(before.body().get("restart_count").asInt()).isZero();

        Instant since = Instant.now().minusSeconds(3_725);
        Instant checked = Instant.parse("2025-01-01T12:00:00Z");
        observe(new DeploymentObserved(id, user, 1, ObservedPhase.RUNNING, 2, 2,
                List.of("127.0.0.1:42061", "127.0.0.1:42062"), 3, null, Instant.now(), "healthy", since, checked));
        awaitStatus(id, "running");

        JsonNode s = get("/v1/deployments/" + id + "/status", user).body();
        assertThat(s.get("status").asString()).isEqualTo("running");
        assertThat(s.get("health").asString()).isEqualTo("healthy");
        assertThat(s.get("replicas").get("desired").asInt()).isEqualTo(2);
        assertThat(s.get("replicas").get("ready").asInt()).isEqualTo(2);
        assertThat(s.get("replicas").get("available").asInt()).isEqualTo(2);
        assertThat(s.get("last_health_check").asString()).isEqualTo("2025-01-01T12:00:00Z");
        assertThat(s.get("uptime").asString()).startsWith("1h2m");
        assertThat(s.get("restart_count").asInt()).isEqualTo(3);

        // one replica turns unhealthy
        observe(new DeploymentObserved(id, user, 1, ObservedPhase.RUNNING, 2, 1, List.of("127.0.0.1:42061"), 4,
                null, Instant.now(), "unhealthy", since, checked.plusSeconds(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/deployments/" + id + "/status", user).body()
                .get("health").asString().equals("unhealthy"));
        JsonNode later = get("/v1/deployments/" + id + "/status", user).body();
        assertThat(later.get("replicas").get("ready").asInt()).isEqualTo(1);
        assertThat(later.get("restart_count").asInt()).isEqualTo(4);
    }

    // --- revisions and rollback -------------------------------------------------------------------------------

    @Test
    void everyCreateUpdateAndRollbackIsAnImmutableRevision() throws Exception {
        UUID id = createdId(user, appName("rev"), ",\"env_vars\":{\"V\":\"1\"},\"replicas\":2");
        put("/v1/deployments/" + id, user, "{\"image\":\"nginx:1.28-alpine\"}");
        put("/v1/deployments/" + id, user, "{\"env_vars\":{\"V\":\"3\"},\"port\":8080}");
        patch("/v1/deployments/" + id + "/scale", user, "{\"replicas\":3}"); // scaling is no revision

        Response list = get("/v1/deployments/" + id + "/revisions", user);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("current_revision").asInt()).isEqualTo(3);
        JsonNode revisions = list.body().get("revisions");
        assertThat(revisions).hasSize(3);
        assertThat(revisions.findValuesAsString("cause")).containsExactly("update", "update", "create");
        JsonNode first = revisions.get(2);
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("revision", "current", "cause",
                "source_revision", "image", "port", "env_vars", "secret_env_vars", "resources", "health_check",
                "created_at");
        assertThat(first.get("revision").asInt()).isEqualTo(1);
        assertThat(first.get("image").asString()).isEqualTo("nginx:1.27-alpine");
        assertThat(first.get("env_vars").get("V").asString()).isEqualTo("1");
        assertThat(first.get("port").asInt()).isEqualTo(80);
        assertThat(first.get("current").asBoolean()).isFalse();
        assertThat(revisions.get(0).get("current").asBoolean()).isTrue();

        Response r = post("/v1/deployments/" + id + "/rollback", user, "{\"revision\":1}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status").asString()).isEqualTo("updating");
        assertThat(r.body().get("revision").asInt()).isEqualTo(4);
        assertThat(r.body().get("rolled_back_to").asInt()).isEqualTo(1);
        JsonNode d = get("/v1/deployments/" + id, user).body();
        assertThat(d.get("image").asString()).isEqualTo("nginx:1.27-alpine");
        assertThat(d.get("env_vars").get("V").asString()).isEqualTo("1");
        assertThat(d.get("port").asInt()).isEqualTo(80);
        assertThat(d.get("replicas").asInt()).isEqualTo(3); // the scale is kept
        DeploymentDesiredState desired = awaitDesired(id, 5);
        assertThat(desired.image()).isEqualTo("nginx:1.27-alpine");
        assertThat(desired.replicas()).isEqualTo(3);

        JsonNode after = get("/v1/deployments/" + id + "/revisions", user).body();
        assertThat(after.get("revisions")).hasSize(4);
        assertThat(after.get("revisions").get(0).get("cause").asString()).isEqualTo("rollback");
        assertThat(after.get("revisions").get(0).get("source_revision").asInt()).isEqualTo(1);
        // revision 1 itself is untouched
        assertThat(after.get("revisions").get(3)).isEqualTo(first);
    }

    @Test
    void rollbackValidatesTheRevision() throws Exception {
        UUID id = createdId(user, appName("rbval"));
        String path = "/v1/deployments/" + id + "/rollback";
        assertRejected(post(path, user, "{}"), "revision");
        assertRejected(post(path, user, null), "body");
        assertRejected(post(path, user, "{\"revision\":0}"), "revision");
        assertRejected(post(path, user, "{\"revision\":\"one\"}"), "revision");
        Response unknown = post(path, user, "{\"revision\":99}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").get("message").asString()).isEqualTo("Revision not found");
        assertThat(generationOf(id)).isEqualTo(1);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private UUID createdId(UUID as, String app, String extraJson) throws Exception {
        Response r = post("/v1/deployments", as, """
                {"app_name":"%s","image":"nginx:1.27-alpine"%s}""".formatted(app, extraJson));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return UUID.fromString(r.body().get("id").asString());
    }

    private UUID runningDeployment(String app, String endpoint) throws Exception {
        UUID id = createdId(user, app);
        observe(id, 1, ObservedPhase.RUNNING, 1, List.of(endpoint), null);
        awaitStatus(id, "running");
        return id;
    }

    private static void assertRejected(Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.body().get("error").get("message").asString()).as(r.toString()).contains(field);
    }

    private static void assertConflict(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.body().get("error").get("message").asString()).isEqualTo("Deployment is being deleted");
    }

    private DeploymentDesiredState awaitDesired(UUID id, long generation) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_DESIRED_STATE_CHANGED).stream()
                        .map(e -> e.payloadAs(DeploymentDesiredState.class))
                        .filter(s -> s.generation() == generation).findFirst().orElse(null), s -> s != null);
    }

    private DeploymentStatusChanged awaitStatusChanged(UUID id, DeploymentStatus status) {
        return awaitStatusChanged(id, status, 0);
    }

    /** The first status_changed to {@code status} at or after {@code minGeneration}. */
    private DeploymentStatusChanged awaitStatusChanged(UUID id, DeploymentStatus status, long minGeneration) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_STATUS_CHANGED).stream()
                        .map((EventEnvelope e) -> e.payloadAs(DeploymentStatusChanged.class))
                        .filter(c -> c.status() == status && c.generation() >= minGeneration)
                        .reduce((a, b) -> b).orElse(null), c -> c != null);
    }

    private Long observedGeneration(UUID id) {
        return jdbc.sql("select observed_generation from deployment where id = ?").param(id)
                .query(Long.class).optional().orElse(null);
    }

    private List<String> routeHosts(UUID id) throws Exception {
        JsonNode routes = get("/internal/routes", InternalIdentity.SYSTEM).body().get("routes");
        List<String> hosts = new java.util.ArrayList<>();
        for (JsonNode r : routes) {
            if (r.get("deployment_id").asString().equals(id.toString())) {
                hosts.add(r.get("host").asString());
            }
        }
        return hosts;
    }
}
