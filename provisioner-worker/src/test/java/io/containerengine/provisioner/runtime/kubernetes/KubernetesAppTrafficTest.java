package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.provisioner.runtime.DeploymentQueue;
import io.containerengine.provisioner.runtime.DesiredStateLookup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/**
 * {@code ce.provisioner.kubernetes.app-traffic}: {@code gateway} sends each app's Ingress to the platform gateway
 * through an ExternalName Service, {@code direct} to the app's own Service.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesAppTrafficTest {

    static final String GATEWAY_HOST = "ce-container-engine-gateway.platform.svc.cluster.local";
    static final int GATEWAY_PORT = 3000;

    KubernetesClient client;
    KubeFixture kube;

    @AfterEach
    void tearDown() {
        if (kube != null) {
            kube.close();
        }
    }

    private static KubernetesRuntimeProperties settings(AppTraffic traffic) {
        return KubernetesRuntimeProperties.defaults("apps.example.com")
                .withIngress("nginx", true, Map.of("cert-manager.io/cluster-issuer", "letsencrypt"))
                .withAppTraffic(traffic, GATEWAY_HOST, GATEWAY_PORT);
    }

    private KubeFixture start(AppTraffic traffic, DesiredStateLookup lookup) {
        if (kube != null) {
            kube.close();
        }
        kube = new KubeFixture(client, settings(traffic), lookup);
        return kube;
    }

    private static DeploymentDesiredState withDomains(String app, String... domains) {
        DeploymentDesiredState base = KubeFixture.desired(UUID.randomUUID(), app, 1, "nginx:1.27", 1);
        return new DeploymentDesiredState(base.deploymentId(), base.userId(), app, 1, base.image(), 8080, Map.of(),
                1, null, null, null, base.host(), base.url(), List.of(domains), Map.of());
    }

    @Test
    void gatewayTrafficRoutesEveryHostToAnExternalNameServiceNamingTheGateway() {
        start(AppTraffic.GATEWAY, null);
        DeploymentDesiredState d = withDomains("shop", "www.shop.example.org", "shop.example.net");
        kube.runtime.apply(d);

        Ingress ingress = ingress("ce-shop", "shop");
        // hosts, class, TLS and annotations as with direct traffic: cert-manager still issues every certificate
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                .containsExactly("shop.apps.example.com", "shop.example.net", "www.shop.example.org");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).hasSize(3);
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer",
                "letsencrypt");
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> {
            var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
            assertThat(backend.getName()).isEqualTo("shop-gateway");
            assertThat(backend.getPort().getNumber()).isEqualTo(GATEWAY_PORT);
        });

        Service gateway = client.services().inNamespace("ce-shop").withName("shop-gateway").get();
        assertThat(gateway.getSpec().getType()).isEqualTo("ExternalName");
        assertThat(gateway.getSpec().getExternalName()).isEqualTo(GATEWAY_HOST);
        assertThat(gateway.getSpec().getSelector()).isNullOrEmpty();
        assertThat(gateway.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(GATEWAY_PORT);
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(GATEWAY_PORT);
        });
        assertThat(gateway.getMetadata().getLabels()).containsEntry(Names.DEPLOYMENT_ID,
                d.deploymentId().toString()).containsEntry(Names.INSTANCE, KubeFixture.INSTANCE);

        // The app's own Service stays: it is what the gateway proxies to (the reported endpoint).
        assertThat(client.services().inNamespace("ce-shop").withName("shop").get().getSpec().getType())
                .isEqualTo("ClusterIP");
        // Only the gateway's namespace may reach the pods: the ingress controller talks to the gateway only.
        assertThat(policySources("ce-shop")).containsExactly("default");
    }

    @Test
    void directTrafficRoutesEveryHostToTheAppsServiceWithoutAnExternalNameService() {
        start(AppTraffic.DIRECT, null);
        DeploymentDesiredState d = withDomains("blog", "blog.example.org");
        kube.runtime.apply(d);

        Ingress ingress = ingress("ce-blog", "blog");
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                .containsExactly("blog.apps.example.com", "blog.example.org");
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> {
            var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
            assertThat(backend.getName()).isEqualTo("blog");
            assertThat(backend.getPort().getNumber()).isEqualTo(8080);
        });
        assertThat(client.services().inNamespace("ce-blog").withName("blog-gateway").get()).isNull();
        assertThat(client.services().inNamespace("ce-blog").list().getItems())
                .noneMatch(s -> "ExternalName".equals(s.getSpec().getType()));
        // The ingress controller reaches the pods itself, and the gateway still may.
        assertThat(policySources("ce-blog")).containsExactly("ingress-nginx", "default");
    }

    @Test
    void switchingTheModeConvergesBothWays() {
        DeploymentDesiredState d = withDomains("flip", "flip.example.org");
        start(AppTraffic.DIRECT, null).runtime.apply(d);
        assertThat(backends("ce-flip", "flip")).containsOnly("flip");

        start(AppTraffic.GATEWAY, null).runtime.apply(d);
        assertThat(backends("ce-flip", "flip")).containsOnly("flip-gateway");
        assertThat(client.services().inNamespace("ce-flip").withName("flip-gateway").get().getSpec()
                .getExternalName()).isEqualTo(GATEWAY_HOST);
        assertThat(policySources("ce-flip")).containsExactly("default");

        start(AppTraffic.DIRECT, null).runtime.apply(d);
        assertThat(backends("ce-flip", "flip")).containsOnly("flip");
        assertThat(client.services().inNamespace("ce-flip").withName("flip-gateway").get()).isNull();
        assertThat(client.services().inNamespace("ce-flip").withName("flip").get()).isNotNull();
        assertThat(policySources("ce-flip")).containsExactly("ingress-nginx", "default");
        Awaitility.await().until(() -> kube.runtime.matches(d));
    }

    @Test
    void reapplyingWritesNothingInEitherMode() {
        for (AppTraffic traffic : AppTraffic.values()) {
            String app = "same-" + traffic.name().toLowerCase();
            DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), app, 1, "nginx:1.27", 1);
            start(traffic, null).runtime.apply(d);
            Awaitility.await().until(() -> kube.runtime.matches(d));
            Map<String, String> before = resourceVersions("ce-" + app);

            kube.runtime.apply(d);
            kube.runtime.reconcile(d);

            assertThat(resourceVersions("ce-" + app)).as(traffic.name()).isEqualTo(before);
            assertThat(before.keySet().stream().anyMatch(k -> k.endsWith("/" + app + "-gateway")))
                    .isEqualTo(traffic == AppTraffic.GATEWAY);
        }
    }

    @Test
    void aDeletedExternalNameServiceComesBackOnReconcile() {
        start(AppTraffic.GATEWAY, null);
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "drift", 1, "nginx:1.27", 1);
        kube.runtime.apply(d);
        client.services().inNamespace("ce-drift").withName("drift-gateway").delete();
        Awaitility.await().until(() -> !kube.runtime.matches(d));

        kube.runtime.reconcile(d);

        Service gateway = client.services().inNamespace("ce-drift").withName("drift-gateway").get();
        assertThat(gateway.getSpec().getExternalName()).isEqualTo(GATEWAY_HOST);
        Awaitility.await().until(() -> kube.runtime.matches(d));
    }

    @Test
    void aDeletedExternalNameServiceSeenByTheInformerIsRestoredWithoutWaitingForThePass() {
        Map<UUID, DeploymentDesiredState> stored = new ConcurrentHashMap<>();
        start(AppTraffic.GATEWAY, id -> Optional.ofNullable(stored.get(id)));
        kube.runtime.useQueue(DeploymentQueue.DIRECT);
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "heal", 1, "nginx:1.27", 1);
        stored.put(d.deploymentId(), d);
        kube.runtime.apply(d);
        Awaitility.await().until(() -> kube.runtime.matches(d));

        client.services().inNamespace("ce-heal").withName("heal-gateway").delete();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.services().inNamespace("ce-heal")
                .withName("heal-gateway").get() != null);
    }

    @Test
    void theGatewayHostDefaultsToTheGatewayServiceOfThePlatformNamespace() {
        var p = KubernetesRuntimeProperties.defaults("apps.example.com");
        assertThat(p.appTraffic()).isEqualTo(AppTraffic.GATEWAY);
        assertThat(p.gatewayHost()).isEqualTo("gateway.default.svc.cluster.local");
        assertThat(p.gatewayPort()).isEqualTo(3000);
    }

    private Ingress ingress(String ns, String name) {
        return client.network().v1().ingresses().inNamespace(ns).withName(name).get();
    }

    private List<String> backends(String ns, String name) {
        return ingress(ns, name).getSpec().getRules().stream()
                .map(r -> r.getHttp().getPaths().get(0).getBackend().getService().getName()).toList();
    }

    private List<String> policySources(String ns) {
        NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace(ns)
                .withName(Names.NETWORK_POLICY).get();
        assertThat(policy.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080));
        return policy.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector().getMatchExpressions()
                .get(0).getValues();
    }

    private Map<String, String> resourceVersions(String ns) {
        Map<String, String> versions = new TreeMap<>();
        List<HasMetadata> objects = new java.util.ArrayList<>();
        objects.addAll(client.services().inNamespace(ns).list().getItems());
        objects.addAll(client.network().v1().ingresses().inNamespace(ns).list().getItems());
        objects.addAll(client.network().v1().networkPolicies().inNamespace(ns).list().getItems());
        objects.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
        objects.forEach(o -> versions.put(o.getKind() + "/" + o.getMetadata().getName(),
                o.getMetadata().getResourceVersion()));
        return versions;
    }
}
