package io.containerengine.provisioner.runtime.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/**
 * The app's pods: replicas, image, env (secret ones by reference), port, resources, probes from the health check,
 * a rolling update that never goes below the desired replicas ({@code maxUnavailable: 0}, {@code maxSurge: 1}).
 * The pod template carries a hash of itself, so a scale (same template) keeps the pods and anything else rolls
 * them.
 */
final class DeploymentResource {

    /** Readiness without a health check: the port accepts connections. */
    static final int TCP_PROBE_PERIOD_SECONDS = 2;

    private DeploymentResource() {
    }

    /** @param secretVersion the env Secret's version (see {@link Names#SECRET_VERSION}), or null without one */
    static Deployment desired(AppSpec spec, String secretVersion) {
        PodTemplateSpec template = template(spec, secretVersion);
        String templateHash = Hashes.of(template);
        template.getMetadata().getLabels().put(Names.TEMPLATE, templateHash);
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(spec.app())
                .withNamespace(spec.namespace())
                .withLabels(spec.labels())
                .withAnnotations(Map.of(Names.GENERATION, Long.toString(spec.desired().generation())))
                .endMetadata()
                .withNewSpec()
                .withReplicas(Math.max(spec.desired().replicas(), 0))
                .withNewSelector().withMatchLabels(spec.selector()).endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString(1))
                .endRollingUpdate()
                .endStrategy()
                .withProgressDeadlineSeconds((int) Math.max(spec.settings().progressDeadline().toSeconds(), 30))
                // Rollback is just another desired state: old ReplicaSets are not needed for it.
                .withRevisionHistoryLimit(2)
                .withTemplate(template)
                .endSpec()
                .build();
    }

    private static PodTemplateSpec template(AppSpec spec, String secretVersion) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put("app.kubernetes.io/name", spec.app());
        Map<String, String> annotations = new LinkedHashMap<>();
        if (secretVersion != null) {
            annotations.put(Names.SECRET_VERSION, secretVersion);
        }
        var resources = new ResourceRequirementsBuilder();
        var r = spec.desired().resources();
        // The app gets what it asked for (requests = limits); what it leaves out comes from the LimitRange.
        if (r != null && r.cpu() != null && !r.cpu().isBlank()) {
            resources.addToRequests("cpu", new Quantity(r.cpu())).addToLimits("cpu", new Quantity(r.cpu()));
        }
        if (r != null && r.memory() != null && !r.memory().isBlank()) {
            resources.addToRequests("memory", new Quantity(r.memory()))
                    .addToLimits("memory", new Quantity(r.memory()));
        }
        HealthCheck hc = spec.desired().healthCheck();
        var builder = new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                // Apps have no business with the Kubernetes API, nor with env vars of other services.
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .addNewContainer()
                .withName(Names.CONTAINER)
                .withImage(spec.desired().image())
                .addNewPort().withName(Names.PORT_NAME).withContainerPort(spec.port()).withProtocol("TCP").endPort()
                .withEnv(env(spec))
                .withResources(resources.build())
                .withReadinessProbe(hc == null ? tcpReadiness(spec.port()) : httpProbe(hc, spec.port()))
                .withLivenessProbe(hc == null ? null : httpProbe(hc, spec.port()))
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).endSecurityContext()
                .endContainer()
                .endSpec();
        if (spec.hasRegistryAuth()) {
            builder.editSpec().addNewImagePullSecret(Names.registrySecret(spec.app())).endSpec();
        }
        return builder.build();
    }

    static List<EnvVar> env(AppSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        new TreeMap<>(spec.desired().envVars()).forEach((name, value) -> {
            if (!spec.secretEnv().containsKey(name)) {
                env.add(new EnvVar(name, value, null));
            }
        });
        new TreeMap<>(spec.secretEnv()).keySet().forEach(name -> env.add(new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom().withNewSecretKeyRef(name, Names.envSecret(spec.app()), false).endValueFrom()
                .build()));
        return env;
    }

    static Probe httpProbe(HealthCheck hc, int port) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(hc.path() == null || hc.path().isBlank() ? "/" : hc.path())
                .withPort(new IntOrString(port)).withScheme("HTTP").endHttpGet()
                .withInitialDelaySeconds(Math.max(hc.initialDelaySeconds(), 0))
                .withPeriodSeconds(Math.max(hc.periodSeconds(), 1))
                .withTimeoutSeconds(Math.max(hc.timeoutSeconds(), 1))
                .withFailureThreshold(Math.max(hc.failureThreshold(), 1))
                .withSuccessThreshold(1)
                .build();
    }

    static Probe tcpReadiness(int port) {
        return new ProbeBuilder()
                .withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withPeriodSeconds(TCP_PROBE_PERIOD_SECONDS)
                .withTimeoutSeconds(1)
                .withFailureThreshold(3)
                .withSuccessThreshold(1)
                .build();
    }

    /** Scaled, re-imaged or re-labelled by hand (kubectl scale / set image): the hash alone does not show it. */
    static boolean drifted(Deployment desired, Deployment live) {
        if (!java.util.Objects.equals(desired.getSpec().getReplicas(), live.getSpec().getReplicas())) {
            return true;
        }
        if (!java.util.Objects.equals(templateOf(desired), templateOf(live))) {
            return true;
        }
        var want = desired.getSpec().getTemplate().getSpec().getContainers();
        var have = live.getSpec().getTemplate().getSpec().getContainers();
        if (have == null || want.size() != have.size()) {
            return true;
        }
        for (int i = 0; i < want.size(); i++) {
            if (!java.util.Objects.equals(want.get(i).getImage(), have.get(i).getImage())) {
                return true;
            }
        }
        return false;
    }

    static long generationOf(Deployment d) {
        if (d == null || d.getMetadata().getAnnotations() == null) {
            return -1;
        }
        String g = d.getMetadata().getAnnotations().get(Names.GENERATION);
        try {
            return g == null ? -1 : Long.parseLong(g);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String templateOf(Deployment d) {
        var labels = d.getSpec().getTemplate().getMetadata().getLabels();
        return labels == null ? null : labels.get(Names.TEMPLATE);
    }
}
