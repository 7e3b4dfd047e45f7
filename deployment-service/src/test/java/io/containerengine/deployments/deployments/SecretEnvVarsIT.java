package io.containerengine.deployments.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.EventTypes;
import io.containerengine.deployments.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Env vars marked secret: write-only in the API, SecretBox ciphertext at rest, in revisions and in events. */
class SecretEnvVarsIT extends IntegrationTestSupport {

    private static final String FIRST = "pg-pass-7f3a-first";
    private static final String SECOND = "pg-pass-9c1e-second";
    private static final String TOKEN = "tok-51d0-api";

    private final SecretBox box = new SecretBox(SECRETS_KEY);

    @Test
    void secretValuesAreWriteOnlyInTheApiAndCiphertextEverywhereElse() throws Exception {
        Response created = post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx:1.27-alpine","env_vars":{"MODE":"prod"},
                 "secret_env_vars":{"DB_PASSWORD":"%s","API_TOKEN":"%s"}}""".formatted(appName("sec"), FIRST, TOKEN));
        assertThat(created.status()).isEqualTo(201);
        assertNoPlainSecret(created.body());
        UUID id = UUID.fromString(created.body().get("id").asString());

        JsonNode details = get("/v1/deployments/" + id, user).body();
        assertNoPlainSecret(details);
        assertThat(details.get("secret_env_vars")).isEqualTo(JSON.readTree("""
                {"API_TOKEN":"********","DB_PASSWORD":"********"}"""));
        assertThat(details.get("env_vars")).isEqualTo(JSON.readTree("{\"MODE\":\"prod\"}"));
        assertNoPlainSecret(get("/v1/deployments", user).body());

        // At rest: ciphertext that SecretBox opens again.
        Map<String, String> stored = storedSecrets(id);
        assertThat(stored).containsOnlyKeys("DB_PASSWORD", "API_TOKEN");
        assertThat(box.decrypt(stored.get("DB_PASSWORD"))).isEqualTo(FIRST);
        assertThat(box.decrypt(stored.get("API_TOKEN"))).isEqualTo(TOKEN);
        assertThat(jdbc.sql("select d::text from deployment d where id = ?").param(id).query(String.class).single())
                .doesNotContain(FIRST, TOKEN);

        // In the event: ciphertext for the provisioner, not among the plain env vars.
        DeploymentDesiredState first = await().atMost(Duration.ofSeconds(10))
                .until(() -> deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_CREATED), l -> !l.isEmpty())
                .get(0).payloadAs(DeploymentDesiredState.class);
        assertThat(first.envVars()).containsOnlyKeys("MODE");
        assertThat(decrypted(first)).containsExactlyInAnyOrderEntriesOf(
                Map.of("DB_PASSWORD", FIRST, "API_TOKEN", TOKEN));

        // An update replaces them; one that does not mention them keeps them.
        assertThat(put("/v1/deployments/" + id, user, """
                {"secret_env_vars":{"DB_PASSWORD":"%s"}}""".formatted(SECOND)).status()).isEqualTo(200);
        assertThat(decrypted(awaitDesired(id, 2))).containsExactly(Map.entry("DB_PASSWORD", SECOND));
        assertThat(put("/v1/deployments/" + id, user, "{\"image\":\"nginx:1.28-alpine\"}").status()).isEqualTo(200);
        assertThat(decrypted(awaitDesired(id, 3))).containsExactly(Map.entry("DB_PASSWORD", SECOND));

        // Revisions keep the ciphertext (names only in the API); a rollback restores revision 1's secrets.
        JsonNode revisions = get("/v1/deployments/" + id + "/revisions", user).body();
        assertNoPlainSecret(revisions);
        assertThat(revisions.get("revisions").get(2).get("secret_env_vars").propertyNames())
                .containsExactlyInAnyOrder("DB_PASSWORD", "API_TOKEN");
        assertThat(post("/v1/deployments/" + id + "/rollback", user, "{\"revision\":1}").status()).isEqualTo(200);
        assertThat(decrypted(awaitDesired(id, 4))).containsExactlyInAnyOrderEntriesOf(
                Map.of("DB_PASSWORD", FIRST, "API_TOKEN", TOKEN));
        assertThat(box.decrypt(storedSecrets(id).get("DB_PASSWORD"))).isEqualTo(FIRST);
        assertThat(get("/v1/deployments/" + id, user).body().get("secret_env_vars").propertyNames())
                .containsExactlyInAnyOrder("DB_PASSWORD", "API_TOKEN");

        // Nothing the service sent or keeps has them in plain text.
        for (ConsumerRecord<String, String> record : deploymentEvents.forKey(id)) {
            assertThat(record.value()).doesNotContain(FIRST, SECOND, TOKEN);
        }
        assertThat(jdbc.sql("select payload from outbox where message_key = ?").param(id.toString())
                .query(String.class).list()).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContain(FIRST, SECOND, TOKEN));
        assertThat(jdbc.sql("select r::text from deployment_revision r where deployment_id = ?").param(id)
                .query(String.class).list()).hasSize(4).allSatisfy(r -> assertThat(r).doesNotContain(FIRST, SECOND, TOKEN));
    }

    @Test
    void secretEnvVarsAreValidatedLikeEnvVarsAndAVariableIsEitherPlainOrSecret() throws Exception {
        assertRejected(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","env_vars":{"TOKEN":"a"},"secret_env_vars":{"TOKEN":"%s"}}"""
                .formatted(appName("secdup"), TOKEN)), "secret_env_vars.TOKEN");
        assertRejected(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","secret_env_vars":{"BAD-NAME":"%s"}}"""
                .formatted(appName("secname"), TOKEN)), "secret_env_vars");
        assertRejected(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","secret_env_vars":{"BIG":"%s"}}"""
                .formatted(appName("secbig"), "x".repeat(32 * 1024 + 1))), "secret_env_vars.BIG");
        assertRejected(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","secret_env_vars":{"NESTED":{"v":"%s"}}}"""
                .formatted(appName("sectype"), TOKEN)), "secret_env_vars");

        UUID id = UUID.fromString(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","secret_env_vars":{"TOKEN":"%s"}}"""
                .formatted(appName("secupd"), TOKEN)).body().get("id").asString());
        // The current secret name counts when the update does not replace the secrets.
        assertRejected(put("/v1/deployments/" + id, user, "{\"env_vars\":{\"TOKEN\":\"plain\"}}"),
                "secret_env_vars.TOKEN");
        assertThat(generationOf(id)).isEqualTo(1);
        // Moving it to the plain env vars is one update that sets both.
        assertThat(put("/v1/deployments/" + id, user,
                "{\"env_vars\":{\"TOKEN\":\"plain\"},\"secret_env_vars\":{}}").status()).isEqualTo(200);
        assertThat(storedSecrets(id)).isEmpty();
        assertThat(awaitDesired(id, 2).secretEnvVarsCiphertext()).isEmpty();
    }

    @Test
    void aBodyReadWithGetEditedAndSentBackKeepsTheSecretsItShowsMasked() throws Exception {
        UUID id = UUID.fromString(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","secret_env_vars":{"DB_PASSWORD":"%s","API_TOKEN":"%s"}}"""
                .formatted(appName("secround"), FIRST, TOKEN)).body().get("id").asString());

        ObjectNode edited = (ObjectNode) get("/v1/deployments/" + id, user).body();
        edited.put("image", "nginx:1.28-alpine");
        ((ObjectNode) edited.get("secret_env_vars")).put("API_TOKEN", "tok-new"); // one changed, one left masked
        assertThat(put("/v1/deployments/" + id, user, edited.toString()).status()).isEqualTo(200);

        DeploymentDesiredState second = awaitDesired(id, 2);
        assertThat(second.image()).isEqualTo("nginx:1.28-alpine");
        assertThat(decrypted(second)).containsExactlyInAnyOrderEntriesOf(
                Map.of("DB_PASSWORD", FIRST, "API_TOKEN", "tok-new"));

        // A mask stands for a value the deployment has; for a new name it is refused, not stored as the value.
        assertRejected(put("/v1/deployments/" + id, user, """
                {"secret_env_vars":{"DB_PASSWORD":"%s","NEW_ONE":"%s"}}"""
                .formatted(SecretEnvVars.MASK, SecretEnvVars.MASK)), "secret_env_vars.NEW_ONE");
        assertThat(generationOf(id)).isEqualTo(2);
        assertRejected(post("/v1/deployments", user, """
                {"app_name":"%s","image":"nginx","secret_env_vars":{"COPIED":"%s"}}"""
                .formatted(appName("secmask"), SecretEnvVars.MASK)), "secret_env_vars.COPIED");
    }

    /** Request bodies, SQL parameters and events at TRACE: still no password and no secret value in the log. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void noLogLineCarriesARegistryPasswordOrASecretValue(CapturedOutput output) throws Exception {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        List<String> loggers = List.of("org.springframework.web", "org.springframework.jdbc",
                "org.springframework.transaction", "org.springframework.kafka", "io.containerengine");
        Map<String, LogLevel> before = new java.util.HashMap<>();
        loggers.forEach(name -> {
            var configuration = logging.getLoggerConfiguration(name);
            before.put(name, configuration == null ? null : configuration.getConfiguredLevel());
            logging.setLogLevel(name, LogLevel.TRACE);
        });
        String registryPassword = "reg-pass-04be-secret";
        UUID id;
        try {
            Response created = post("/v1/deployments", user, """
                    {"app_name":"%s","image":"registry.example.com/team/app:1",
                     "registry_auth":{"username":"bot","password":"%s"},
                     "secret_env_vars":{"DB_PASSWORD":"%s"}}""".formatted(appName("seclog"), registryPassword, FIRST));
            assertThat(created.status()).isEqualTo(201);
            id = UUID.fromString(created.body().get("id").asString());
            assertThat(put("/v1/deployments/" + id, user, """
                    {"secret_env_vars":{"DB_PASSWORD":"%s"},"registry_auth":{"username":"bot","password":"%s"}}"""
                    .formatted(SECOND, registryPassword)).status()).isEqualTo(200);
            assertThat(put("/v1/deployments/" + id, user, """
                    {"env_vars":{"DB_PASSWORD":"x"},"secret_env_vars":{"DB_PASSWORD":"%s"}}"""
                    .formatted(TOKEN)).status()).isEqualTo(400);
            get("/v1/deployments/" + id, user);
            awaitDesired(id, 2);
        } finally {
            loggers.forEach(name -> logging.setLogLevel(name, before.get(name)));
        }
        // The request bodies were logged (so this looks at real lines), masked.
        assertThat(output.getOut()).contains("secretEnvVars={DB_PASSWORD=********}");
        assertThat(output.getAll()).doesNotContain(registryPassword, FIRST, SECOND, TOKEN);
    }

    private Map<String, String> decrypted(DeploymentDesiredState state) {
        Map<String, String> out = new java.util.HashMap<>();
        state.secretEnvVarsCiphertext().forEach((name, sealed) -> {
            assertThat(sealed).doesNotContain(FIRST, SECOND, TOKEN);
            out.put(name, box.decrypt(sealed));
        });
        return out;
    }

    private Map<String, String> storedSecrets(UUID id) {
        String json = jdbc.sql("select secret_env_vars::text from deployment where id = ?").param(id)
                .query(String.class).single();
        return JsonMapper.builder().build().readValue(json, DeploymentRepository.STRING_MAP);
    }

    private DeploymentDesiredState awaitDesired(UUID id, long generation) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_DESIRED_STATE_CHANGED).stream()
                        .map(e -> e.payloadAs(DeploymentDesiredState.class))
                        .filter(s -> s.generation() == generation).findFirst().orElse(null), s -> s != null);
    }

    private static void assertNoPlainSecret(JsonNode body) {
        assertThat(body.toString()).doesNotContain(FIRST, SECOND, TOKEN);
    }

    private static void assertRejected(Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.body().get("error").get("message").asString()).as(r.toString()).contains(field);
        assertThat(r.body().toString()).doesNotContain(TOKEN);
    }
}
