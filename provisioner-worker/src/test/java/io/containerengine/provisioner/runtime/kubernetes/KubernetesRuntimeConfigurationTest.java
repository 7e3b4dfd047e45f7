package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;

import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.runtime.DeploymentExecutor;
import io.containerengine.provisioner.runtime.ObservedStateListener;
import io.containerengine.provisioner.runtime.Runtime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/** The Spring wiring: active only for {@code runtime=kubernetes}, bound from the chart's ConfigMap. */
@EnableKubernetesMockClient(crud = true)
class KubernetesRuntimeConfigurationTest {

    /** What helm/container-engine/templates/provisioner-worker.yaml renders into the ConfigMap. */
    static final String CHART_CONFIG = """
            ce:
              provisioner:
                runtime: kubernetes
                kubernetes:
                  domain-suffix: "apps.example.com"
                  namespace-prefix: "app-"
                  platform-namespace: "platform"
                  ingress-class-name: "traefik"
                  ingress-tls: true
                  ingress-controller-namespace: "ingress-system"
                  ingress-annotations:
                    # brackets keep the dots and slashes of the key when Spring binds the map
                    "[cert-manager.io/cluster-issuer]": "letsencrypt"
                  app-traffic: "gateway"
                  gateway-host: "ce-container-engine-gateway.platform.svc.cluster.local"
                  gateway-port: 3000
            """;

    KubernetesClient client;

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProvisionerProperties.class)
    static class Worker {
        final List<DeploymentObserved> observed = new CopyOnWriteArrayList<>();

        @Bean
        ObservedStateListener listener() {
            return observed::add;
        }

        @Bean(destroyMethod = "close")
        DeploymentExecutor deploymentExecutor(Runtime runtime) {
            return new DeploymentExecutor(runtime, Executors.newSingleThreadExecutor());
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Worker.class, KubernetesRuntimeConfiguration.class);
    }

    @Test
    void bindsTheChartsSettingsAndBuildsTheClientFromKubeconfigPath() throws IOException {
        Path kubeconfig = kubeconfig();
        runner()
                .withInitializer(ctx -> {
                    try {
                        new YamlPropertySourceLoader().load("chart", new ByteArrayResource(CHART_CONFIG.getBytes()))
                                .forEach(ps -> ctx.getEnvironment().getPropertySources().addFirst(ps));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .withPropertyValues("KUBECONFIG_PATH=" + kubeconfig, "ce.provisioner.instance-id=chart-test",
                        "ce.provisioner.kubernetes.informer-sync-timeout=10s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    KubernetesRuntimeProperties p = ctx.getBean(KubernetesRuntimeProperties.class);
                    assertThat(p.domainSuffix()).isEqualTo("apps.example.com");
                    assertThat(p.namespacePrefix()).isEqualTo("app-");
                    assertThat(p.platformNamespace()).isEqualTo("platform");
                    assertThat(p.ingressClassName()).isEqualTo("traefik");
                    assertThat(p.ingressTls()).isTrue();
                    assertThat(p.ingressControllerNamespace()).isEqualTo("ingress-system");
                    assertThat(p.ingressAnnotations()).containsExactly(
                            java.util.Map.entry("cert-manager.io/cluster-issuer", "letsencrypt"));
                    assertThat(p.appTraffic()).isEqualTo(AppTraffic.GATEWAY);
                    assertThat(p.gatewayHost()).isEqualTo("ce-container-engine-gateway.platform.svc.cluster.local");
                    assertThat(p.gatewayPort()).isEqualTo(3000);
                    assertThat(ctx).hasSingleBean(KubernetesClient.class).hasSingleBean(KubernetesRuntime.class);

                    // The client talks to the cluster of KUBECONFIG_PATH (the mock).
                    var runtime = ctx.getBean(KubernetesRuntime.class);
                    var d = KubeFixture.desired(UUID.randomUUID(), "wired", 1, "nginx:1.27", 1);
                    runtime.apply(d);
                    var ns = client.namespaces().withName("app-wired").get();
                    assertThat(ns.getMetadata().getLabels()).containsEntry(Names.INSTANCE, "chart-test");
                    var ingress = client.network().v1().ingresses().inNamespace("app-wired").withName("wired").get();
                    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("wired.apps.example.com");
                    assertThat(ingress.getMetadata().getAnnotations())
                            .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
                    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend()
                            .getService().getName()).isEqualTo("wired-gateway");
                    assertThat(client.services().inNamespace("app-wired").withName("wired-gateway").get().getSpec()
                            .getExternalName()).isEqualTo("ce-container-engine-gateway.platform.svc.cluster.local");
                    assertThat(ctx.getBean(Worker.class).observed).isNotEmpty();
                });
    }

    @Test
    void fallsBackToDomainSuffixFromTheEnvironment() throws IOException {
        Path kubeconfig = kubeconfig();
        runner()
                .withPropertyValues("ce.provisioner.runtime=kubernetes", "KUBECONFIG_PATH=" + kubeconfig,
                        "DOMAIN_SUFFIX=apps.local.test", "ce.provisioner.kubernetes.informer-sync-timeout=10s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    var runtime = ctx.getBean(KubernetesRuntime.class);
                    var d = KubeFixture.desired(UUID.randomUUID(), "envy", 1, "nginx:1.27", 1);
                    runtime.apply(d);
                    var ingress = client.network().v1().ingresses().inNamespace("ce-envy").withName("envy").get();
                    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("envy.apps.local.test");
                    KubernetesRuntimeProperties p = ctx.getBean(KubernetesRuntimeProperties.class);
                    assertThat(p.appTraffic()).isEqualTo(AppTraffic.GATEWAY);
                    assertThat(p.gatewayHost()).isEqualTo("gateway.default.svc.cluster.local");
                    assertThat(p.gatewayPort()).isEqualTo(3000);
                });
    }

    @Test
    void bindsDirectAppTraffic() throws IOException {
        Path kubeconfig = kubeconfig();
        runner()
                .withPropertyValues("ce.provisioner.runtime=kubernetes", "KUBECONFIG_PATH=" + kubeconfig,
                        "DOMAIN_SUFFIX=apps.local.test", "ce.provisioner.kubernetes.app-traffic=direct",
                        "ce.provisioner.kubernetes.informer-sync-timeout=10s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(KubernetesRuntimeProperties.class).appTraffic())
                            .isEqualTo(AppTraffic.DIRECT);
                    ctx.getBean(KubernetesRuntime.class)
                            .apply(KubeFixture.desired(UUID.randomUUID(), "straight", 1, "nginx:1.27", 1));
                    var ingress = client.network().v1().ingresses().inNamespace("ce-straight").withName("straight")
                            .get();
                    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend()
                            .getService().getName()).isEqualTo("straight");
                });
    }

    @Test
    void staysOffForTheLocalRuntime() {
        runner().withUserConfiguration(LocalStandIn.class)
                .withPropertyValues("ce.provisioner.runtime=local")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(KubernetesRuntime.class)
                        .doesNotHaveBean(KubernetesClient.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class LocalStandIn {
        @Bean
        Runtime localRuntime() {
            return new Runtime() {
                @Override
                public void apply(io.containerengine.contracts.DeploymentDesiredState desired) {
                }

                @Override
                public void delete(io.containerengine.contracts.DeploymentDeleted deleted) {
                }

                @Override
                public boolean matches(io.containerengine.contracts.DeploymentDesiredState desired) {
                    return true;
                }

                @Override
                public java.util.Set<UUID> deploymentIds() {
                    return java.util.Set.of();
                }

                @Override
                public void removeOrphan(UUID deploymentId) {
                }
            };
        }
    }

    @Test
    void refusesAKubeconfigPathThatIsNoFile() {
        runner().withPropertyValues("ce.provisioner.runtime=kubernetes",
                        "KUBECONFIG_PATH=" + dir.resolve("missing"))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("KUBECONFIG_PATH"));
    }

    private Path kubeconfig() throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: worker
                  user:
                    token: test-token
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: worker
                    namespace: default
                current-context: mock
                """.formatted(client.getConfiguration().getMasterUrl()));
        return file;
    }
}
