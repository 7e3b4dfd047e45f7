package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.RegistryAuth;
import io.containerengine.contracts.DeploymentDesiredState.Resources;
import io.containerengine.contracts.ObservedPhase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/** What the runtime writes for a desired state, and how each lifecycle step changes it. */
@EnableKubernetesMockClient(crud = true)
class KubernetesRuntimeApplyTest {

    KubernetesClient client;
    KubeFixture kube;

    @BeforeEach
    void setUp() {
        kube = new KubeFixture(client);
    }

    @AfterEach
    void tearDown() {
        kube.close();
    }

    @Test
    void createsEveryObjectOfADeploymentInItsOwnLabelledNamespace() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "shop", 1, "nginx:1.27", 2);
        kube.runtime.apply(d);

        String ns = "ce-shop";
        var namespace = client.namespaces().withName(ns).get();
        assertThat(namespace.getMetadata().getLabels())
                .containsEntry(Names.DEPLOYMENT_ID, d.deploymentId().toString())
                .containsEntry(Names.USER_ID, d.userId().toString())
                .containsEntry(Names.APP_NAME, "shop")
                .containsEntry(Names.INSTANCE, KubeFixture.INSTANCE);

        Deployment deployment = kube.deployment(d);
        assertThat(deployment.getMetadata().getAnnotations()).containsEntry(Names.GENERATION, "1");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsExactly(Map.entry(Names.DEPLOYMENT_ID, d.deploymentId().toString()));
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(Names.DEPLOYMENT_ID, d.deploymentId().toString())
                .containsEntry(Names.USER_ID, d.userId().toString())
                .containsKey(Names.TEMPLATE);
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getImage()).isEqualTo("nginx:1.27");
        assertThat(app.getPorts().get(0).getContainerPort()).isEqualTo(8080);
        assertThat(app.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("GREETING");
            assertThat(e.getValue()).isEqualTo("hello");
        });
        assertThat(app.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();

        var service = client.services().inNamespace(ns).withName("shop").get();
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsEntry(Names.DEPLOYMENT_ID, d.deploymentId().toString());
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo(Names.PORT_NAME);

        Ingress ingress = client.network().v1().ingresses().inNamespace(ns).withName("shop").get();
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                .containsExactly("shop.apps.example.com");
        // By default app traffic goes through the gateway (KubernetesAppTrafficTest has both modes).
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo("shop-gateway");
        assertThat(backend.getPort().getNumber()).isEqualTo(3000);
        var gateway = client.services().inNamespace(ns).withName("shop-gateway").get();
        assertThat(gateway.getSpec().getType()).isEqualTo("ExternalName");
        assertThat(gateway.getSpec().getExternalName()).isEqualTo("gateway.default.svc.cluster.local");

        var quota = client.resourceQuotas().inNamespace(ns).withName(Names.QUOTA).get();
        // 2 replicas: twice as many pods (surge, terminating) and one more, each at its limits.
        assertThat(quota.getSpec().getHard()).containsEntry("pods", new Quantity("5"))
                .containsEntry("limits.cpu", new Quantity("1.25"))
                .containsEntry("limits.memory", new Quantity("671088640"))
                .containsEntry("services.loadbalancers", new Quantity("0"));
        var limits = client.limitRanges().inNamespace(ns).withName(Names.LIMITS).get();
        assertThat(limits.getSpec().getLimits().get(0).getDefault()).containsEntry("memory", new Quantity("256Mi"));

        var policy = client.network().v1().networkPolicies().inNamespace(ns).withName(Names.NETWORK_POLICY).get();
        // the app's pods only: cert-manager's HTTP-01 solver pods in the namespace must stay reachable
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isNotEmpty().isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        var from = policy.getSpec().getIngress().get(0);
        assertThat(from.getFrom().get(0).getNamespaceSelector().getMatchExpressions().get(0).getValues())
                .containsExactly("default");
        assertThat(from.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);

        assertThat(kube.last().phase()).isEqualTo(ObservedPhase.DEPLOYING);
        assertThat(kube.last().generation()).isEqualTo(1);
        assertThat(kube.runtime.deploymentIds()).contains(d.deploymentId());
    }

    @Test
    void mapsTheHealthCheckToProbesWithTheUsersNumbersAndResourcesToRequestsAndLimits() {
        DeploymentDesiredState base = KubeFixture.desired(UUID.randomUUID(), "probed", 1, "nginx:1.27", 1);
        DeploymentDesiredState d = new DeploymentDesiredState(base.deploymentId(), base.userId(), "probed", 1,
                "nginx:1.27", 8080, Map.of(), 1, new Resources("500m", "256Mi"), new HealthCheck("/healthz", 7, 11, 3,
                        5), null, base.host(), base.url());
        kube.runtime.apply(d);

        Container app = kube.deployment(d).getSpec().getTemplate().getSpec().getContainers().get(0);
        for (var probe : List.of(app.getReadinessProbe(), app.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(8080);
            assertThat(probe.getInitialDelaySeconds()).isEqualTo(7);
            assertThat(probe.getPeriodSeconds()).isEqualTo(11);
            assertThat(probe.getTimeoutSeconds()).isEqualTo(3);
            assertThat(probe.getFailureThreshold()).isEqualTo(5);
        }
        assertThat(app.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(app.getResources().getLimits()).containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("256Mi"));

        // Without a health check: readiness is "the port accepts connections", and there is no liveness probe.
        DeploymentDesiredState plain = KubeFixture.desired(UUID.randomUUID(), "plain", 1, "nginx:1.27", 1);
        kube.runtime.apply(plain);
        Container plainApp = kube.deployment(plain).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(plainApp.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8080);
        assertThat(plainApp.getReadinessProbe().getHttpGet()).isNull();
        assertThat(plainApp.getLivenessProbe()).isNull();
    }

    @Test
    void writesARegistrySecretThePodsPullWithAndRemovesItWhenTheCredentialsGo() {
        DeploymentDesiredState base = KubeFixture.desired(UUID.randomUUID(), "private", 1, "ghcr.io/acme/app:1", 1);
        DeploymentDesiredState d = new DeploymentDesiredState(base.deploymentId(), base.userId(), "private", 1,
                base.image(), 8080, Map.of(), 1, null, null,
                new RegistryAuth("ghcr.io", "robot", KubeFixture.BOX.encrypt("s3cret-token")), base.host(),
                base.url());
        kube.runtime.apply(d);

        Secret secret = client.secrets().inNamespace("ce-private").withName("private-registry").get();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        String config = new String(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")),
                StandardCharsets.UTF_8);
        assertThat(config).contains("\"ghcr.io\"").contains("\"username\":\"robot\"")
                .contains("\"password\":\"s3cret-token\"")
                .contains(Base64.getEncoder().encodeToString("robot:s3cret-token".getBytes(StandardCharsets.UTF_8)));
        var podSpec = kube.deployment(d).getSpec().getTemplate().getSpec();
        assertThat(podSpec.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("private-registry");
        // The password is in the Secret only, never in the Deployment.
        assertThat(client.getKubernetesSerialization().asJson(kube.deployment(d))).doesNotContain("s3cret-token");

        DeploymentDesiredState publicImage = new DeploymentDesiredState(d.deploymentId(), d.userId(), "private", 2,
                "nginx:1.27", 8080, Map.of(), 1, null, null, null, d.host(), d.url());
        kube.runtime.apply(publicImage);
        assertThat(client.secrets().inNamespace("ce-private").withName("private-registry").get()).isNull();
    }

    @Test
    void secretEnvVarsLiveInASecretReferencedFromThePodTemplate() {
        DeploymentDesiredState base = KubeFixture.desired(UUID.randomUUID(), "vault", 1, "nginx:1.27", 1);
        DeploymentDesiredState d = new DeploymentDesiredState(base.deploymentId(), base.userId(), "vault", 1,
                base.image(), 8080, Map.of("PLAIN", "visible"), 1, null, null, null, base.host(), base.url(),
                List.of(), Map.of("DB_PASSWORD", KubeFixture.BOX.encrypt("hunter2")));
        kube.runtime.apply(d);

        Secret secret = client.secrets().inNamespace("ce-vault").withName("vault-env").get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("DB_PASSWORD")),
                StandardCharsets.UTF_8)).isEqualTo("hunter2");
        Deployment deployment = kube.deployment(d);
        var env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("DB_PASSWORD");
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("vault-env");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("DB_PASSWORD");
        });
        assertThat(client.getKubernetesSerialization().asJson(deployment)).doesNotContain("hunter2");
        String template = kube.template(d);

        // Same values, freshly encrypted (another nonce), in a new generation: the pods are kept.
        DeploymentDesiredState same = new DeploymentDesiredState(d.deploymentId(), d.userId(), "vault", 2,
                d.image(), 8080, d.envVars(), 1, null, null, null, d.host(), d.url(), List.of(),
                Map.of("DB_PASSWORD", KubeFixture.BOX.encrypt("hunter2")));
        kube.runtime.apply(same);
        assertThat(kube.template(d)).isEqualTo(template);

        // A new value rolls the pods (env from a Secret is read at container start only).
        DeploymentDesiredState changed = new DeploymentDesiredState(d.deploymentId(), d.userId(), "vault", 3,
                d.image(), 8080, d.envVars(), 1, null, null, null, d.host(), d.url(), List.of(),
                Map.of("DB_PASSWORD", KubeFixture.BOX.encrypt("correct-horse")));
        kube.runtime.apply(changed);
        assertThat(kube.template(d)).isNotEqualTo(template);
        assertThat(new String(Base64.getDecoder().decode(client.secrets().inNamespace("ce-vault")
                .withName("vault-env").get().getData().get("DB_PASSWORD")), StandardCharsets.UTF_8))
                .isEqualTo("correct-horse");
    }

    @Test
    void routesEachCustomDomainWithTheConfiguredClassAnnotationsAndTls() {
        kube.close();
        kube = new KubeFixture(client, KubernetesRuntimeProperties.defaults("apps.example.com").withIngress(
                "traefik", true, Map.of("cert-manager.io/cluster-issuer", "letsencrypt")), null);
        DeploymentDesiredState base = KubeFixture.desired(UUID.randomUUID(), "blog", 1, "nginx:1.27", 1);
        DeploymentDesiredState d = new DeploymentDesiredState(base.deploymentId(), base.userId(), "blog", 1,
                base.image(), 8080, Map.of(), 1, null, null, null, base.host(), base.url(),
                List.of("www.example.org", "Blog.Example.NET"), Map.of());
        kube.runtime.apply(d);

        Ingress ingress = client.network().v1().ingresses().inNamespace("ce-blog").withName("blog").get();
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer",
                "letsencrypt");
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                .containsExactly("blog.apps.example.com", "blog.example.net", "www.example.org");
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> {
            var path = rule.getHttp().getPaths().get(0);
            assertThat(path.getPath()).isEqualTo("/");
            assertThat(path.getPathType()).isEqualTo("Prefix");
            assertThat(path.getBackend().getService().getName()).isEqualTo("blog-gateway");
        });
        assertThat(ingress.getSpec().getTls()).hasSize(3);
        assertThat(ingress.getSpec().getTls().get(0).getHosts()).containsExactly("blog.apps.example.com");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("blog-tls");
        assertThat(ingress.getSpec().getTls()).extracting(IngressTLS::getSecretName).doesNotHaveDuplicates();

        // A domain removed is no longer routed.
        DeploymentDesiredState fewer = new DeploymentDesiredState(d.deploymentId(), d.userId(), "blog", 2,
                d.image(), 8080, Map.of(), 1, null, null, null, d.host(), d.url(), List.of("www.example.org"),
                Map.of());
        kube.runtime.apply(fewer);
        ingress = client.network().v1().ingresses().inNamespace("ce-blog").withName("blog").get();
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                .containsExactly("blog.apps.example.com", "www.example.org");
    }

    @Test
    void reapplyingTheSameGenerationWritesNothing() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "steady", 1, "nginx:1.27", 2);
        kube.runtime.apply(d);
        Map<String, String> before = resourceVersions("ce-steady", "steady");
        // The informers have caught up with the writes.
        org.awaitility.Awaitility.await().until(() -> kube.runtime.matches(d));

        kube.runtime.apply(d);
        kube.runtime.reconcile(d);

        assertThat(resourceVersions("ce-steady", "steady")).isEqualTo(before);
        assertThat(kube.last().generation()).isEqualTo(1); // an event still gets its answer
    }

    private Map<String, String> resourceVersions(String ns, String app) {
        List<HasMetadata> objects = List.of(client.namespaces().withName(ns).get(),
                client.apps().deployments().inNamespace(ns).withName(app).get(),
                client.services().inNamespace(ns).withName(app).get(),
                client.services().inNamespace(ns).withName(Names.gatewayService(app)).get(),
                client.network().v1().ingresses().inNamespace(ns).withName(app).get(),
                client.resourceQuotas().inNamespace(ns).withName(Names.QUOTA).get(),
                client.limitRanges().inNamespace(ns).withName(Names.LIMITS).get(),
                client.network().v1().networkPolicies().inNamespace(ns).withName(Names.NETWORK_POLICY).get());
        Map<String, String> versions = new java.util.TreeMap<>();
        objects.forEach(o -> versions.put(o.getKind() + "/" + o.getMetadata().getName(),
                o.getMetadata().getResourceVersion()));
        return versions;
    }

    @Test
    void scaleKeepsThePodTemplateWhileAnUpdateChangesIt() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "web", 1, "nginx:1.27", 1);
        kube.runtime.apply(d);
        String template = kube.template(d);

        kube.runtime.apply(KubeFixture.with(d, 2, "nginx:1.27", 3));
        assertThat(kube.deployment(d).getSpec().getReplicas()).isEqualTo(3);
        assertThat(kube.deployment(d).getMetadata().getAnnotations()).containsEntry(Names.GENERATION, "2");
        assertThat(kube.template(d)).isEqualTo(template);
        assertThat(client.resourceQuotas().inNamespace("ce-web").withName(Names.QUOTA).get().getSpec().getHard())
                .containsEntry("pods", new Quantity("7"));

        kube.runtime.apply(KubeFixture.with(d, 3, "nginx:1.28", 3));
        Deployment updated = kube.deployment(d);
        assertThat(updated.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("nginx:1.28");
        assertThat(kube.template(d)).isNotEqualTo(template);
        assertThat(kube.last().generation()).isEqualTo(3);
        assertThat(kube.last().phase()).isEqualTo(ObservedPhase.DEPLOYING);
    }

    @Test
    void stopReportsStoppedAndStartBringsTheReplicasBack() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "nap", 1, "nginx:1.27", 2);
        kube.runtime.apply(d);

        kube.runtime.apply(KubeFixture.with(d, 2, "nginx:1.27", 0));
        assertThat(kube.deployment(d).getSpec().getReplicas()).isZero();
        var stopped = kube.await(o -> o.generation() == 2);
        assertThat(stopped.phase()).isEqualTo(ObservedPhase.STOPPED);
        assertThat(stopped.endpoints()).isEmpty();
        assertThat(client.services().inNamespace("ce-nap").withName("nap").get()).isNotNull();

        kube.runtime.apply(KubeFixture.with(d, 3, "nginx:1.27", 2));
        assertThat(kube.deployment(d).getSpec().getReplicas()).isEqualTo(2);
        kube.pod(d, "nap-a", true, KubeFixture.running(0));
        kube.pod(d, "nap-b", true, KubeFixture.running(0));
        kube.deploymentReady(d, 2);
        var running = kube.await(o -> o.generation() == 3 && o.phase() == ObservedPhase.RUNNING);
        assertThat(running.readyReplicas()).isEqualTo(2);
    }

    @Test
    void rollbackIsJustTheOlderSpecAgain() {
        DeploymentDesiredState v1 = KubeFixture.desired(UUID.randomUUID(), "undo", 1, "nginx:1.27", 1);
        kube.runtime.apply(v1);
        String v1Template = kube.template(v1);
        kube.runtime.apply(KubeFixture.with(v1, 2, "nginx:broken", 1));
        assertThat(kube.template(v1)).isNotEqualTo(v1Template);

        kube.runtime.apply(KubeFixture.with(v1, 3, "nginx:1.27", 1));
        assertThat(kube.deployment(v1).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("nginx:1.27");
        assertThat(kube.template(v1)).isEqualTo(v1Template);
        assertThat(kube.deployment(v1).getMetadata().getAnnotations()).containsEntry(Names.GENERATION, "3");
    }

    @Test
    void deleteRemovesTheNamespaceAndReportsDeleted() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "gone", 1, "nginx:1.27", 1);
        kube.runtime.apply(d);
        org.awaitility.Awaitility.await().until(() -> kube.runtime.deploymentIds().contains(d.deploymentId()));

        kube.runtime.delete(new DeploymentDeleted(d.deploymentId(), d.userId(), "gone", d.host(), 2));

        assertThat(client.namespaces().withName("ce-gone").get()).isNull();
        assertThat(kube.last().phase()).isEqualTo(ObservedPhase.DELETED);
        assertThat(kube.last().generation()).isEqualTo(2);
        org.awaitility.Awaitility.await().until(() -> !kube.runtime.deploymentIds().contains(d.deploymentId()));
    }

    @Test
    void refusesANamespaceThatBelongsToSomethingElse() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("ce-taken").endMetadata().build()).create();
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "taken", 1, "nginx:1.27", 1);

        kube.runtime.apply(d);

        assertThat(kube.last().phase()).isEqualTo(ObservedPhase.FAILED);
        assertThat(kube.last().message()).contains("ce-taken").contains("not this deployment's");
        assertThat(client.apps().deployments().inNamespace("ce-taken").list().getItems()).isEmpty();
    }
}
