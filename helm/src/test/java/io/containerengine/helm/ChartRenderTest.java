package io.containerengine.helm;

import static io.containerengine.helm.Chart.EXISTING_SECRET;
import static io.containerengine.helm.Chart.NAMESPACE;
import static io.containerengine.helm.Chart.PORTS;
import static io.containerengine.helm.Chart.container;
import static io.containerengine.helm.Chart.deployment;
import static io.containerengine.helm.Chart.env;
import static io.containerengine.helm.Chart.envValue;
import static io.containerengine.helm.Chart.name;
import static io.containerengine.helm.Chart.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

/** Renders the chart (helm template) and checks the objects, parsed with fabric8. */
class ChartRenderTest {

    private static String rendered;
    private static List<HasMetadata> objects;
    private static List<HasMetadata> defaults;

    @BeforeAll
    static void render() {
        rendered = Chart.renderWithTestValues();
        objects = Chart.parse(rendered);
        defaults = Chart.parse(Chart.renderWithRequiredValuesOnly());
    }

    @Test
    void rendersOnlyWellFormedObjectsOfExpectedKindsAndNoSecret() {
        for (List<HasMetadata> render : List.of(objects, defaults)) {
            for (HasMetadata object : render) {
                assertThat(Chart.unknownFields(object))
                        .as("fields of %s %s that the Kubernetes model does not know", object.getKind(),
                                object.getMetadata().getName())
                        .isEmpty();
                assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
                assertThat(object.getMetadata().getLabels())
                        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                        .containsEntry("app.kubernetes.io/managed-by", "Helm");
            }
        }
        assertThat(objects).extracting(HasMetadata::getKind).containsOnly("Deployment", "Service", "Ingress",
                "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "NetworkPolicy");
        assertThat(defaults).extracting(HasMetadata::getKind).doesNotContain("NetworkPolicy", "Secret");
    }

    @Test
    void everyServiceHasADeploymentAndAServiceOnItsPort() {
        assertThat(Chart.all(objects, Deployment.class)).hasSize(PORTS.size());
        assertThat(Chart.all(objects, Service.class)).hasSize(PORTS.size());
        PORTS.forEach((component, port) -> {
            Deployment deployment = deployment(objects, component);
            Container container = container(objects, component);
            assertThat(container.getImage())
                    .isEqualTo("registry.example.test/team/container-engine/" + component + ":1.2.3");
            assertThat(container.getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port))
                    .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
                    .isZero();

            Service service = one(objects, Service.class, name(component));
            assertThat(service.getSpec().getSelector())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", component);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort()).isEqualTo(port))
                    .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        });
        assertThat(deployment(objects, "gateway").getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment(defaults, "gateway").getSpec().getReplicas()).isEqualTo(1);
        assertThat(container(defaults, "auth-service").getImage()).isEqualTo("container-engine/auth-service:0.1.0");
    }

    @Test
    void everyContainerProbesItsHealthEndpoint() {
        PORTS.keySet().forEach(component -> {
            Container container = container(objects, component);
            boolean gateway = component.equals("gateway");
            assertProbe(container.getStartupProbe(), gateway ? "/health" : "/actuator/health/liveness");
            assertProbe(container.getLivenessProbe(), gateway ? "/health" : "/actuator/health/liveness");
            assertProbe(container.getReadinessProbe(), gateway ? "/health" : "/actuator/health/readiness");
            if (!gateway) {
                // the liveness and readiness groups exist only with probes enabled
                assertThat(envValue(container, "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")).isEqualTo("true");
            }
        });
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(probe.getPeriodSeconds()).isPositive();
        assertThat(probe.getFailureThreshold()).isPositive();
    }

    @Test
    void everyContainerHasMemoryConsciousRequestsAndLimits() {
        PORTS.keySet().forEach(component -> {
            var resources = container(objects, component).getResources();
            long requested = Quantity.getAmountInBytes(resources.getRequests().get("memory")).longValueExact();
            long limit = Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValueExact();
            assertThat(requested).as("memory request of %s", component)
                    .isBetween(128L << 20, 256L << 20);
            assertThat(limit).as("memory limit of %s", component).isBetween(requested, 384L << 20);
            assertThat(resources.getRequests()).containsKey("cpu");
            // the heap fits under the limit with room for metaspace, code cache and threads
            String heap = envValue(container(objects, component), "JAVA_TOOL_OPTIONS").replaceAll(".*-Xmx(\\d+)m.*", "$1");
            assertThat(Long.parseLong(heap) << 20).isLessThanOrEqualTo(limit / 2);
        });
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithoutPrivilegesAndAWritableTmp() {
        PORTS.keySet().forEach(component -> {
            PodSpec pod = deployment(objects, component).getSpec().getTemplate().getSpec();
            PodSecurityContext podContext = pod.getSecurityContext();
            assertThat(podContext.getRunAsNonRoot()).isTrue();
            assertThat(podContext.getRunAsUser()).isPositive();
            assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

            Container container = container(objects, component);
            SecurityContext context = container.getSecurityContext();
            assertThat(context.getRunAsNonRoot()).isTrue();
            assertThat(context.getAllowPrivilegeEscalation()).isFalse();
            assertThat(context.getReadOnlyRootFilesystem()).isTrue();
            assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();

            assertThat(container.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(m.getName()))
                        .findFirst().orElseThrow();
                assertThat(volume.getEmptyDir()).isNotNull();
            });
        });
    }

    @Test
    void onlyTheProvisionerGetsAServiceAccountToken() {
        PORTS.keySet().forEach(component -> {
            PodSpec pod = deployment(objects, component).getSpec().getTemplate().getSpec();
            if (component.equals("provisioner-worker")) {
                assertThat(pod.getServiceAccountName()).isEqualTo(name("provisioner-worker"));
                assertThat(pod.getAutomountServiceAccountToken()).isTrue();
            } else {
                assertThat(pod.getServiceAccountName()).isNull();
                assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            }
        });
        one(objects, ServiceAccount.class, name("provisioner-worker"));
    }

    @Test
    void secretsComeOnlyAsReferencesToTheExistingSecret() {
        Map<String, Set<String>> expected = Map.of(
                "gateway", Set.of("JWT_SECRET", "INTERNAL_IDENTITY_SECRET", "REDIS_URL"),
                "auth-service", Set.of("JWT_SECRET", "INTERNAL_IDENTITY_SECRET", "SECRETS_KEY", "DATABASE_URL",
                        "REDIS_URL"),
                "apikey-service", Set.of("INTERNAL_IDENTITY_SECRET", "DATABASE_URL"),
                "deployment-service", Set.of("INTERNAL_IDENTITY_SECRET", "SECRETS_KEY", "DATABASE_URL"),
                "provisioner-worker", Set.of("INTERNAL_IDENTITY_SECRET", "SECRETS_KEY", "DATABASE_URL"),
                "notification-service", Set.of("INTERNAL_IDENTITY_SECRET", "SECRETS_KEY", "DATABASE_URL",
                        "AWS_SES_PASSWORD", "WEBHOOK_SECRET"));
        expected.forEach((component, secretEnv) -> {
            Container container = container(objects, component);
            Set<String> fromSecret = new TreeSet<>();
            for (EnvVar var : container.getEnv()) {
                if (var.getValueFrom() == null) {
                    assertThat(Chart.SECRET_ENV).as("%s of %s is a literal", var.getName(), component)
                            .doesNotContain(var.getName());
                    continue;
                }
                var ref = var.getValueFrom().getSecretKeyRef();
                assertThat(ref).as("%s of %s", var.getName(), component).isNotNull();
                assertThat(ref.getName()).isEqualTo(EXISTING_SECRET);
                assertThat(ref.getKey()).isEqualTo(var.getName());
                assertThat(ref.getOptional()).isNotEqualTo(Boolean.TRUE);
                assertThat(var.getValue()).isNull();
                fromSecret.add(var.getName());
            }
            assertThat(fromSecret).as("env of %s from the existing Secret", component).isEqualTo(secretEnv);
            assertThat(container.getEnvFrom()).isNullOrEmpty();
        });
        // nothing else carries secret material: no Secret objects, no secret-looking ConfigMap entries
        assertThat(Chart.all(objects, io.fabric8.kubernetes.api.model.Secret.class)).isEmpty();
        for (ConfigMap map : Chart.all(objects, ConfigMap.class)) {
            assertThat(map.getData().toString()).doesNotContainIgnoringCase("password").doesNotContain("secret");
        }
        assertThat(rendered).doesNotContainIgnoringCase("password:").doesNotContain("postgres://");
    }

    @Test
    void withoutSmtpHostNoSmtpSettingsAreSetAndMailGoesToTheWritableTmp() {
        Container notifications = container(defaults, "notification-service");
        assertThat(env(notifications, "AWS_SES_SMTP_HOST")).isEmpty();
        assertThat(env(notifications, "AWS_SES_PASSWORD")).isEmpty();
        assertThat(envValue(notifications, "CE_DEV_MAILBOX")).startsWith("/tmp/");
        assertThat(envValue(container(defaults, "auth-service"), "REDIS_URL")).isEqualTo("redis://redis:6379");
    }

    @Test
    void renderingWithoutAnExistingSecretFailsAndSaysWhatToSet() {
        assertThatThrownBy(() -> Chart.render(c -> c
                .set("domainSuffix", "apps.example.test")
                .set("apiHost", "api.example.test")))
                .hasMessageContaining("secrets.existingSecret is required")
                .hasMessageContaining("never stores secret values");
    }

    @Test
    void renderingWithTheApiHostUnderTheAppsDomainFails() {
        assertThatThrownBy(() -> Chart.render(c -> c
                .set("secrets.existingSecret", EXISTING_SECRET)
                .set("domainSuffix", "example.test")
                .set("apiHost", "api.example.test")))
                .hasMessageContaining("apiHost api.example.test must not be under domainSuffix example.test");
    }

    @Test
    void servicesBindAllInterfacesAndFindEachOtherAndTheExternalDependencies() {
        PORTS.forEach((component, port) -> {
            Container container = container(objects, component);
            assertThat(envValue(container, "SERVER_ADDRESS")).isEqualTo("0.0.0.0");
            assertThat(envValue(container, component.equals("gateway") ? "PORT" : "SERVER_PORT"))
                    .isEqualTo(String.valueOf(port));
            assertThat(envValue(container, "KAFKA_BOOTSTRAP_SERVERS"))
                    .isEqualTo("kafka-0.kafka:9092,kafka-1.kafka:9092");
        });
        Container gateway = container(objects, "gateway");
        Map<String, String> urls = Map.of("AUTH_SERVICE_URL", "auth-service", "APIKEY_SERVICE_URL", "apikey-service",
                "DEPLOYMENT_SERVICE_URL", "deployment-service", "NOTIFICATION_SERVICE_URL", "notification-service");
        urls.forEach((var, component) -> assertThat(envValue(gateway, var))
                .isEqualTo("http://" + one(objects, Service.class, name(component)).getMetadata().getName() + ":"
                        + PORTS.get(component)));
        assertThat(envValue(gateway, "DOMAIN_SUFFIX")).isEqualTo("apps.example.test");

        Container deployments = container(objects, "deployment-service");
        assertThat(envValue(deployments, "PROVISIONER_URL")).isEqualTo("http://" + name("provisioner-worker") + ":8084");
        assertThat(envValue(deployments, "DOMAIN_SUFFIX")).isEqualTo("apps.example.test");
        assertThat(envValue(deployments, "APP_URL_TEMPLATE")).isEqualTo("https://{host}");
        assertThat(envValue(deployments, "CE_MAX_DEPLOYMENTS_PER_USER")).isEqualTo("50");
        assertThat(envValue(container(defaults, "deployment-service"), "APP_URL_TEMPLATE")).isEqualTo("http://{host}");
        assertThat(envValue(container(objects, "auth-service"), "PASSWORD_RESET_URL"))
                .isEqualTo("https://api.example.test/reset-password");

        Container notifications = container(objects, "notification-service");
        assertThat(envValue(notifications, "AWS_SES_SMTP_HOST")).isEqualTo("email-smtp.eu-west-1.amazonaws.com");
        assertThat(envValue(notifications, "AWS_SES_SMTP_PORT")).isEqualTo("2587");
        assertThat(envValue(notifications, "AWS_SES_USERNAME")).isEqualTo("AKIAEXAMPLE");
        assertThat(envValue(notifications, "EMAIL_FROM")).isEqualTo("platform@example.test");
        assertThat(envValue(notifications, "EMAIL_FROM_NAME")).isEqualTo("Example Platform");
        assertThat(envValue(notifications, "WEBHOOK_URL")).isEqualTo("https://hooks.example.test/ce");
    }

    @Test
    void gatewayIngressServesTheApiHostAndTheAppsWildcardWithClassAnnotationsAndTls() {
        Ingress ingress = one(objects, Ingress.class, name("gateway"));
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx-public");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt-dns")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                .containsExactly("api.example.test", "*.apps.example.test");
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo(name("gateway"));
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        }
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("api.example.test", "*.apps.example.test");
            assertThat(tls.getSecretName()).isEqualTo("ce-gateway-cert");
        });

        Ingress plain = one(defaults, Ingress.class, name("gateway"));
        assertThat(plain.getSpec().getTls()).isNullOrEmpty();
        assertThat(plain.getSpec().getIngressClassName()).isEqualTo("nginx");
    }

    @Test
    void provisionerRunsTheKubernetesRuntimeWithTheAppsIngressSettings() throws Exception {
        Container provisioner = container(objects, "provisioner-worker");
        assertThat(envValue(provisioner, "CE_PROVISIONER_RUNTIME")).isEqualTo("kubernetes");
        assertThat(envValue(provisioner, "DOMAIN_SUFFIX")).isEqualTo("apps.example.test");
        assertThat(envValue(provisioner, "KUBERNETES_NAMESPACE")).isEqualTo(NAMESPACE);
        assertThat(env(provisioner, "KUBECONFIG_PATH")).as("in-cluster: the service account").isEmpty();
        assertThat(envValue(provisioner, "SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("optional:file:/config/");

        ConfigMap config = one(objects, ConfigMap.class, name("provisioner-worker") + "-config");
        PodSpec pod = deployment(objects, "provisioner-worker").getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getConfigMap() != null)
                .singleElement().satisfies(v -> assertThat(v.getConfigMap().getName())
                        .isEqualTo(config.getMetadata().getName()));
        assertThat(provisioner.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/config"));
        assertThat(deployment(objects, "provisioner-worker").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/config");

        JsonNode kubernetes = Serialization.yamlMapper().readTree(config.getData().get("application.yml"))
                .path("ce").path("provisioner").path("kubernetes");
        assertThat(kubernetes.path("ingress-class-name").asString()).isEqualTo("traefik");
        assertThat(kubernetes.path("ingress-tls").asBoolean()).isTrue();
        assertThat(kubernetes.path("domain-suffix").asString()).isEqualTo("apps.example.test");
        assertThat(kubernetes.path("platform-namespace").asString()).isEqualTo(NAMESPACE);
        assertThat(kubernetes.path("ingress-annotations").path("[cert-manager.io/cluster-issuer]").asString())
                .isEqualTo("letsencrypt-apps");

        ConfigMap defaultConfig = one(defaults, ConfigMap.class, name("provisioner-worker") + "-config");
        JsonNode defaultKubernetes = Serialization.yamlMapper().readTree(defaultConfig.getData().get("application.yml"))
                .path("ce").path("provisioner").path("kubernetes");
        assertThat(defaultKubernetes.path("ingress-class-name").asString()).isEqualTo("nginx");
        assertThat(defaultKubernetes.path("ingress-annotations").isEmpty()).isTrue();

        // App traffic goes through this release's gateway Service by default.
        Service gateway = one(objects, Service.class, name("gateway"));
        for (JsonNode k : List.of(kubernetes, defaultKubernetes)) {
            assertThat(k.path("app-traffic").asString()).isEqualTo("gateway");
            assertThat(k.path("gateway-host").asString())
                    .isEqualTo(gateway.getMetadata().getName() + "." + NAMESPACE + ".svc.cluster.local");
            assertThat(k.path("gateway-port").asInt()).isEqualTo(gateway.getSpec().getPorts().get(0).getPort())
                    .isEqualTo(PORTS.get("gateway"));
        }

        ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class, name("provisioner-worker"));
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(pod.getServiceAccountName());
            assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
        });
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(name("provisioner-worker"));
    }

    @Test
    void passesDirectAppTrafficAndTheClusterDomainToTheProvisionerAndRefusesOtherModes() throws Exception {
        List<HasMetadata> direct = Chart.parse(Chart.render(c -> c
                .set("secrets.existingSecret", EXISTING_SECRET)
                .set("domainSuffix", "apps.example.test")
                .set("apiHost", "api.example.test")
                .set("apps.traffic", "direct")
                .set("clusterDomain", "k8s.example.test")));
        ConfigMap config = one(direct, ConfigMap.class, name("provisioner-worker") + "-config");
        JsonNode kubernetes = Serialization.yamlMapper().readTree(config.getData().get("application.yml"))
                .path("ce").path("provisioner").path("kubernetes");
        assertThat(kubernetes.path("app-traffic").asString()).isEqualTo("direct");
        assertThat(kubernetes.path("gateway-host").asString())
                .isEqualTo(name("gateway") + "." + NAMESPACE + ".svc.k8s.example.test");

        assertThatThrownBy(() -> Chart.render(c -> c
                .set("secrets.existingSecret", EXISTING_SECRET)
                .set("domainSuffix", "apps.example.test")
                .set("apiHost", "api.example.test")
                .set("apps.traffic", "sideways")))
                .hasMessageContaining("apps.traffic must be gateway or direct, not sideways");
    }

    @Test
    void gatewayBelievesForwardedHeadersOnlyFromTheTrustedProxiesSet() {
        Deployment gateway = one(objects, Deployment.class, name("gateway"));
        assertThat(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .noneMatch(e -> e.getName().equals("CE_GATEWAY_FORWARDED_TRUSTED_PROXIES"));

        List<HasMetadata> behindIngress = Chart.parse(Chart.render(c -> c
                .set("secrets.existingSecret", EXISTING_SECRET)
                .set("domainSuffix", "apps.example.test")
                .set("apiHost", "api.example.test")
                .set("gateway.trustedProxies[0]", "10.244.0.0/16")
                .set("gateway.trustedProxies[1]", "fd00::/8")));
        Deployment proxied = one(behindIngress, Deployment.class, name("gateway"));
        assertThat(proxied.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("CE_GATEWAY_FORWARDED_TRUSTED_PROXIES");
                    assertThat(e.getValue()).isEqualTo("10.244.0.0/16,fd00::/8");
                });
    }

    @Test
    void networkPolicyLetsOnlyTheGatewayInFromOutsideTheRelease() {
        List<NetworkPolicy> policies = Chart.all(objects, NetworkPolicy.class);
        assertThat(policies).hasSize(2);

        NetworkPolicy gateway = one(objects, NetworkPolicy.class, name("gateway"));
        assertThat(gateway.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "gateway");
        assertThat(gateway.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getFrom()).isNullOrEmpty());

        NetworkPolicy internal = one(objects, NetworkPolicy.class, name("internal"));
        assertThat(internal.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(internal.getSpec().getPodSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("app.kubernetes.io/component");
            assertThat(e.getOperator()).isEqualTo("NotIn");
            assertThat(e.getValues()).containsExactly("gateway");
        });
        assertThat(internal.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getPodSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
            });
        });
        // every non-gateway pod is selected by the internal policy
        Set<String> components = Chart.all(objects, Deployment.class).stream()
                .map(d -> d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component"))
                .filter(c -> !c.equals("gateway")).collect(Collectors.toSet());
        assertThat(components).hasSize(5);
        for (Deployment d : Chart.all(objects, Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(internal.getSpec().getPodSelector().getMatchLabels());
        }
    }
}
