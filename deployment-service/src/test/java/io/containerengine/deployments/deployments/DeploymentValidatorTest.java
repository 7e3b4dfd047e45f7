package io.containerengine.deployments.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.containerengine.deployments.config.DeploymentsProperties;
import io.containerengine.deployments.web.ValidationException;

class DeploymentValidatorTest {

    private final DeploymentValidator validator = new DeploymentValidator(
            new DeploymentsProperties("localhost", "http://{host}:3000", 10, 50, 3, (short) 1));

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "nginx:1.27-alpine", "library/nginx:latest", "ghcr.io/org/app:v1",
            "localhost:5000/app", "registry.example.com:5000/team/web:1.0",
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "quay.io/a/b/c:tag@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "my_repo/with__under-scores.and.dots"})
    void acceptsValidImageReferences(String image) {
        assertThat(DeploymentValidator.isValidImage(image)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Nginx", "nginx:", "nginx:-bad", ":tag", "nginx@sha256:short", "a//b", "-nginx",
            "nginx latest", "UPPER/case:1"})
    void rejectsInvalidImageReferences(String image) {
        assertThat(DeploymentValidator.isValidImage(image)).isFalse();
    }

    @Test
    void findsTheRegistryOfAnImage() {
        assertThat(DeploymentValidator.registryOf("nginx")).isEqualTo("docker.io");
        assertThat(DeploymentValidator.registryOf("library/nginx")).isEqualTo("docker.io");
        assertThat(DeploymentValidator.registryOf("ghcr.io/org/app:v1")).isEqualTo("ghcr.io");
        assertThat(DeploymentValidator.registryOf("localhost:5000/app")).isEqualTo("localhost:5000");
    }

    @Test
    void parsesKubernetesQuantities() {
        assertThat(DeploymentValidator.cpuMillis("100m")).isEqualTo(100);
        assertThat(DeploymentValidator.cpuMillis("0.5")).isEqualTo(500);
        assertThat(DeploymentValidator.cpuMillis("2")).isEqualTo(2000);
        assertThat(DeploymentValidator.cpuMillis("1.5m")).isNull();
        assertThat(DeploymentValidator.memoryBytes("128Mi")).isEqualTo(128L * 1024 * 1024);
        assertThat(DeploymentValidator.memoryBytes("1Gi")).isEqualTo(1L << 30);
        assertThat(DeploymentValidator.memoryBytes("500M")).isEqualTo(500_000_000L);
        assertThat(DeploymentValidator.memoryBytes("12XB")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "my-app", "app1", "0abc"})
    void acceptsDnsLabels(String name) {
        assertThat(validator.validateCreate(request(name, Map.of())).appName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-app", "app-", "My-App", "my_app", "a.b",
            "a123456789012345678901234567890123456789x"})
    void rejectsNonDnsLabels(String name) {
        assertThatThrownBy(() -> validator.validateCreate(request(name, Map.of())))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.fields()).isEqualTo("app_name"));
    }

    @Test
    void limitsEnvironmentVariables() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            many.put("V" + i, "x");
        }
        assertThatThrownBy(() -> validator.validateCreate(request("app", many)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fields()).isEqualTo("env_vars"));
        assertThatThrownBy(() -> validator.validateCreate(request("app", Map.of("BIG", "x".repeat(32 * 1024 + 1)))))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.fields()).isEqualTo("env_vars.BIG"));
        assertThat(validator.validateCreate(request("app", Map.of("_OK_1", "x".repeat(32 * 1024)))).envVars())
                .containsKey("_OK_1");
    }

    @Test
    void boundsReplicasByConfiguration() {
        var tooMany = new CreateDeploymentRequest("app", "nginx", null, null, 11, null, null, null, null);
        var negative = new CreateDeploymentRequest("app", "nginx", null, null, -1, null, null, null, null);
        var zero = new CreateDeploymentRequest("app", "nginx", null, null, 0, null, null, null, null);
        assertThatThrownBy(() -> validator.validateCreate(tooMany)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> validator.validateCreate(negative)).isInstanceOf(ValidationException.class);
        assertThat(validator.validateCreate(zero).replicas()).isZero();
    }

    @Test
    void secretEnvVarsFollowTheRulesOfEnvVarsWithoutEchoingValues() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            many.put("S" + i, "x");
        }
        assertRejected(secretRequest(Map.of(), many), "secret_env_vars");
        assertRejected(secretRequest(Map.of(), Map.of("NO-DASH", "hunter2")), "secret_env_vars");
        assertRejected(secretRequest(Map.of(), Map.of("BIG", "x".repeat(32 * 1024 + 1))), "secret_env_vars.BIG");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("EMPTY", null);
        assertRejected(secretRequest(Map.of(), nullValue), "secret_env_vars.EMPTY");
        assertThatThrownBy(() -> validator.validateCreate(secretRequest(Map.of(), Map.of("NO-DASH", "hunter2"))))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.details() + e.getMessage()).doesNotContain("hunter2"));

        DeploymentSpec ok = validator.validateCreate(secretRequest(Map.of("MODE", "prod"),
                Map.of("DB_PASSWORD", "hunter2")));
        assertThat(ok.secretEnvVars()).containsExactly(Map.entry("DB_PASSWORD", "hunter2"));
        assertThat(ok.envVars()).containsOnlyKeys("MODE");
        assertThat(ok.toString()).doesNotContain("hunter2").contains("DB_PASSWORD");
        assertThat(secretRequest(Map.of(), Map.of("DB_PASSWORD", "hunter2")).toString()).doesNotContain("hunter2");
    }

    @Test
    void aVariableIsEitherPlainOrSecret() {
        assertRejected(secretRequest(Map.of("TOKEN", "a"), Map.of("TOKEN", "b")), "secret_env_vars.TOKEN");

        // On update the current secret names count when the request does not replace them.
        DeploymentSpec created = validator.validateCreate(secretRequest(Map.of(), Map.of("TOKEN", "b")));
        Deployment current = Deployment.created(UUID.randomUUID(), UUID.randomUUID(), created,
                Map.of("TOKEN", "sealed"), null, Instant.now());
        var plainToken = new UpdateDeploymentRequest(null, null, null, Map.of("TOKEN", "a"), null, null, null, null,
                null);
        assertThatThrownBy(() -> validator.validateUpdate(plainToken, current))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.fields()).isEqualTo("secret_env_vars.TOKEN"));
        var moveToPlain = new UpdateDeploymentRequest(null, null, null, Map.of("TOKEN", "a"), null, null, null, null,
                Map.of());
        assertThat(validator.validateUpdate(moveToPlain, current).secretEnvVars()).isEmpty();
        var untouched = new UpdateDeploymentRequest(null, "nginx:2", null, null, null, null, null, null, null);
        assertThat(validator.validateUpdate(untouched, current).secretEnvVars()).isNull();
    }

    private void assertRejected(CreateDeploymentRequest request, String field) {
        assertThatThrownBy(() -> validator.validateCreate(request))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fields()).isEqualTo(field));
    }

    private static CreateDeploymentRequest secretRequest(Map<String, String> env, Map<String, String> secrets) {
        return new CreateDeploymentRequest("app", "nginx", null, env, null, null, null, null, secrets);
    }

    private static CreateDeploymentRequest request(String appName, Map<String, String> env) {
        return new CreateDeploymentRequest(appName, "nginx", null, env, null, null, null, null, null);
    }
}
