package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.RegistryAuth;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every API call the runtime makes in a whole lifecycle is one the provisioner's ClusterRole grants: the calls
 * are recorded by the mock server and compared with helm/src/test/resources/provisioner-k8s-calls.json (which
 * the chart test compares with the ClusterRole).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesApiCallsTest {

    static final Path CALLS = Path.of("../helm/src/test/resources/provisioner-k8s-calls.json");
    static final String CALLER = "X-Test-Caller";

    KubernetesClient client;
    KubernetesMockServer server;

    /** One grant: verb on resource of API group ("" = core). */
    record Call(String apiGroup, String resource, String verb) implements Comparable<Call> {
        @Override
        public int compareTo(Call o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
        }
    }

    @Test
    void everyCallOfAWholeLifecycleIsListedForTheClusterRole() throws Exception {
        KubernetesClient runtimeClient = new KubernetesClientBuilder().withConfig(client.getConfiguration())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("caller", new Interceptor() {
                    @Override
                    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        builder.header(CALLER, "runtime");
                    }
                }))
                .build();
        try (runtimeClient; var kube = new KubeFixture(client, runtimeClient,
                KubernetesRuntimeProperties.defaults("apps.example.com"), null)) {
            lifecycle(kube);
            changedDefaults(runtimeClient);
        }

        Set<Call> called = new TreeSet<>();
        RecordedRequest request;
        while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            if ("runtime".equals(request.getHeader(CALLER))) {
                called.add(call(request.getMethod(), request.getPath()));
            }
        }
        Set<Call> listed = listed();
        Set<Call> unlisted = new TreeSet<>(called);
        unlisted.removeAll(listed);
        assertThat(unlisted).as("called by the runtime but not in provisioner-k8s-calls.json").isEmpty();
        // Listed but not called here: only the re-read after a write conflict (of the create/replace fallback the
        // mock makes the runtime use: it answers server-side apply with 404/415).
        Set<Call> uncalled = new TreeSet<>(listed);
        uncalled.removeAll(called);
        assertThat(uncalled).allSatisfy(c -> assertThat(c.verb()).isEqualTo("get"));
        assertThat(called).contains(new Call("", "namespaces", "patch"), new Call("apps", "deployments", "patch"),
                new Call("", "pods", "watch"), new Call("", "pods/log", "get"),
                new Call("metrics.k8s.io", "pods", "list"), new Call("", "namespaces", "delete"));
    }

    private void lifecycle(KubeFixture kube) throws Exception {
        UUID id = UUID.randomUUID();
        DeploymentDesiredState base = KubeFixture.desired(id, "calls", 1, "ghcr.io/acme/app:1", 1);
        DeploymentDesiredState d = new DeploymentDesiredState(id, base.userId(), "calls", 1, base.image(), 8080,
                Map.of("A", "b"), 1, base.resources(), new HealthCheck("/health", 1, 5, 2, 3),
                new RegistryAuth("ghcr.io", "robot", KubeFixture.BOX.encrypt("token")), base.host(), base.url(),
                List.of("calls.example.org"), Map.of("SECRET", KubeFixture.BOX.encrypt("value")));
        kube.runtime.apply(d);
        // Another port and secret value: every object but the LimitRange changes.
        kube.runtime.apply(new DeploymentDesiredState(id, d.userId(), "calls", 2, d.image(), 9090, d.envVars(), 2,
                d.resources(), d.healthCheck(), d.registryAuth(), d.host(), d.url(), d.customDomains(),
                Map.of("SECRET", KubeFixture.BOX.encrypt("another value"))));
        DeploymentDesiredState plain = new DeploymentDesiredState(id, d.userId(), "calls", 3, "nginx:1.27", 8080,
                Map.of(), 2, null, null, null, d.host(), d.url());
        kube.runtime.apply(plain);
        kube.pod(plain, "calls-a", true, KubeFixture.running(0));
        kube.deploymentReady(plain, 2);
        kube.await(o -> o.phase() == io.containerengine.contracts.ObservedPhase.DEPLOYING
                || o.phase() == io.containerengine.contracts.ObservedPhase.RUNNING);
        kube.runtime.logs(id, 10);
        try (var follow = kube.runtime.followLogs(id, 10, line -> { })) {
            kube.pod(plain, "calls-b", true, KubeFixture.running(0));
            Awaitility.await().until(() -> server.getRequestCount() > 0);
        }
        kube.runtime.metrics(id);
        // Drift: a Service deleted, the namespace's labels edited by hand.
        client.services().inNamespace("ce-calls").withName("calls").delete();
        client.namespaces().withName("ce-calls").edit(ns -> {
            ns.getMetadata().getAnnotations().remove(Names.SPEC_HASH);
            return ns;
        });
        Awaitility.await().until(() -> !kube.runtime.matches(plain));
        kube.runtime.reconcile(plain);
        assertThat(kube.runtime.deploymentIds()).contains(id);

        // A namespace taken by something else is read to tell.
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("ce-taken").endMetadata().build()).create();
        kube.runtime.apply(KubeFixture.desired(UUID.randomUUID(), "taken", 1, "nginx:1.27", 1));

        DeploymentDesiredState orphan = KubeFixture.desired(UUID.randomUUID(), "orphan", 1, "nginx:1.27", 1);
        kube.runtime.apply(orphan);
        Awaitility.await().until(() -> kube.runtime.deploymentIds().contains(orphan.deploymentId()));
        kube.runtime.removeOrphan(orphan.deploymentId());
        kube.runtime.delete(new DeploymentDeleted(id, d.userId(), "calls", d.host(), 4));
    }

    /** Other defaults for apps without resources: the LimitRange changes too; then another app traffic mode. */
    private void changedDefaults(KubernetesClient runtimeClient) {
        var p = KubernetesRuntimeProperties.defaults("apps.example.com");
        var other = new KubernetesRuntimeProperties(p.domainSuffix(), p.namespacePrefix(), p.platformNamespace(),
                p.ingressClassName(), p.ingressTls(), p.ingressControllerNamespace(), p.ingressAnnotations(), null,
                p.fieldManager(), p.progressDeadline(), p.informerSyncTimeout(), "1", "512Mi", "100m", "128Mi",
                p.appTraffic(), p.gatewayHost(), p.gatewayPort());
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "limits", 1, "nginx:1.27", 1);
        try (var before = new KubeFixture(client, runtimeClient, p, null)) {
            before.runtime.apply(d);
        }
        try (var after = new KubeFixture(client, runtimeClient, other, null)) {
            after.runtime.apply(d);
        }
        // App traffic switched to direct: the gateway's ExternalName Service is deleted.
        try (var direct = new KubeFixture(client, runtimeClient, other.withAppTraffic(AppTraffic.DIRECT, null, 3000),
                null)) {
            direct.runtime.apply(d);
        }
    }

    /** {@code PATCH /apis/apps/v1/namespaces/x/deployments/y?...} → apps/deployments:patch, and so on. */
    static Call call(String method, String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
                : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
        String[] parts = path.substring(1).split("/");
        String group;
        int at;
        if (parts[0].equals("api")) {
            group = "";
            at = 2;
        } else {
            group = parts[1];
            at = 3;
        }
        List<String> rest = List.of(parts).subList(at, parts.length);
        String resource;
        String name = null;
        String sub = null;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            resource = rest.get(2);
            name = rest.size() > 3 ? rest.get(3) : null;
            sub = rest.size() > 4 ? rest.get(4) : null;
        } else {
            resource = rest.get(0);
            name = rest.size() > 1 ? rest.get(1) : null;
            sub = rest.size() > 2 ? rest.get(2) : null;
        }
        String verb = switch (method) {
            case "GET" -> query.contains("watch=true") ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method;
        };
        return new Call(group, sub == null ? resource : resource + "/" + sub, verb);
    }

    private static Set<Call> listed() throws IOException {
        JsonNode calls = JsonMapper.builder().build().readTree(Files.readString(CALLS)).path("calls");
        Set<Call> listed = new TreeSet<>();
        for (JsonNode c : calls) {
            for (JsonNode verb : c.path("verbs")) {
                listed.add(new Call(c.path("apiGroup").asString(), c.path("resource").asString(), verb.asString()));
            }
        }
        return listed;
    }
}
