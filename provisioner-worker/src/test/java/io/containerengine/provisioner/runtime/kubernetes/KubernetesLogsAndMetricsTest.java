package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.provisioner.runtime.LogLine;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Logs ({@code pods/log}) and metrics ({@code metrics.k8s.io}) through the API server; the mock answers them
 * from expectations, as the kubelet and metrics-server would.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLogsAndMetricsTest {

    KubernetesClient client;
    KubernetesMockServer server;
    KubeFixture kube;
    DeploymentDesiredState d;

    @BeforeEach
    void setUp() {
        kube = new KubeFixture(client);
        d = KubeFixture.desired(UUID.randomUUID(), "chatty", 1, "nginx:1.27", 2);
        kube.runtime.apply(d);
    }

    @AfterEach
    void tearDown() {
        kube.close();
    }

    private static String logPath(String pod, String query) {
        return "/api/v1/namespaces/ce-chatty/pods/" + pod + "/log?pretty=false&container=app&" + query;
    }

    @Test
    void theNewestLinesOfAllPodsAreMergedByTime() {
        kube.pod(d, "chatty-a", true, KubeFixture.running(0));
        kube.pod(d, "chatty-b", true, KubeFixture.running(0));
        server.expect().get().withPath(logPath("chatty-a", "tailLines=3&timestamps=true")).andReturn(200, """
                2026-01-01T10:00:01.000000001Z a1
                2026-01-01T10:00:03.000000001Z a2
                2026-01-01T10:00:05.000000001Z a3
                """).always();
        server.expect().get().withPath(logPath("chatty-b", "tailLines=3&timestamps=true")).andReturn(200, """
                2026-01-01T10:00:02.000000001Z b1
                2026-01-01T10:00:04.000000001Z b2 with spaces
                """).always();
        Awaitility.await().until(() -> kube.runtime.logs(d.deploymentId(), 3).size() == 3);

        List<LogLine> lines = kube.runtime.logs(d.deploymentId(), 3);

        assertThat(lines).extracting(LogLine::message).containsExactly("a2", "b2 with spaces", "a3");
        assertThat(lines).extracting(LogLine::source).containsExactly("chatty-a", "chatty-b", "chatty-a");
        assertThat(lines.get(0).timestamp()).hasToString("2026-01-01T10:00:03.000000001Z");
        assertThat(lines.get(0).level()).isEqualTo("info");
    }

    @Test
    void followPicksUpAPodThatStartsLater() throws Exception {
        server.expect().get().withPath(logPath("chatty-late", "timestamps=true&follow=true")).andReturn(200, """
                2026-01-01T10:00:01.000000001Z starting
                2026-01-01T10:00:02.000000001Z listening on 8080
                """).always();
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        try (var follow = kube.runtime.followLogs(d.deploymentId(), 10, lines::add)) {
            kube.pod(d, "chatty-late", true, KubeFixture.running(0));
            Awaitility.await().until(() -> lines.size() == 2);
        }
        assertThat(lines).extracting(LogLine::message).containsExactly("starting", "listening on 8080");
        assertThat(lines).extracting(LogLine::source).containsOnly("chatty-late");
    }

    @Test
    void metricsComeFromTheMetricsApi() {
        kube.pod(d, "chatty-a", true, KubeFixture.running(0));
        kube.pod(d, "chatty-b", true, KubeFixture.running(0));
        server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/namespaces/ce-chatty/pods?labelSelector="
                + "io.containerengine%2Fdeployment-id%3D" + d.deploymentId())
                .andReturn(200, new PodMetricsListBuilder().withItems(podMetrics("chatty-a", "150m", "64Mi"),
                        podMetrics("chatty-b", "50000000n", "32Mi")).build())
                .always();

        // The limits come from the pods the informer sees.
        var metrics = Awaitility.await().until(() -> kube.runtime.metrics(d.deploymentId()),
                m -> m.isPresent() && m.get().memoryLimitBytes() != null).orElseThrow();

        assertThat(metrics.cpuPercent()).isEqualTo(20.0);
        assertThat(metrics.memoryBytes()).isEqualTo(96L * 1024 * 1024);
        assertThat(metrics.memoryLimitBytes()).isEqualTo(2 * 128L * 1024 * 1024);
        assertThat(metrics.replicas()).extracting(r -> r.name()).containsExactly("chatty-a", "chatty-b");
        assertThat(metrics.replicas().get(0).cpuPercent()).isEqualTo(15.0);
    }

    @Test
    void noMetricsServerMeansNoMetrics() {
        kube.pod(d, "chatty-a", true, KubeFixture.running(0));
        server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/namespaces/ce-chatty/pods?labelSelector="
                + "io.containerengine%2Fdeployment-id%3D" + d.deploymentId())
                .andReturn(404, Map.of("kind", "Status", "code", 404, "message", "the server could not find the "
                        + "requested resource"))
                .always();

        assertThat(kube.runtime.metrics(d.deploymentId())).isEmpty();
    }

    private static PodMetrics podMetrics(String pod, String cpu, String memory) {
        return new PodMetricsBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(pod).withNamespace("ce-chatty").build())
                .withTimestamp("2026-01-01T10:00:00Z")
                .withContainers(new ContainerMetricsBuilder().withName("app")
                        .withUsage(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).build())
                .build();
    }
}
