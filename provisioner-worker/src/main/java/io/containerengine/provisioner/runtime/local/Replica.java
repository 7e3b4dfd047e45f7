package io.containerengine.provisioner.runtime.local;

import java.util.Map;
import java.util.UUID;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;

/** One container of ours, as the engine lists it and its labels describe it. */
record Replica(String containerId, String name, UUID deploymentId, long generation, String template, int index,
        int hostPort, String state) {

    /** Null for a container without a readable deployment id label. */
    static Replica of(Container c) {
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        UUID deploymentId;
        try {
            deploymentId = UUID.fromString(labels.get(Labels.DEPLOYMENT_ID));
        } catch (RuntimeException e) {
            return null;
        }
        int hostPort = (int) parseLong(labels.get(Labels.HOST_PORT), -1);
        if (hostPort <= 0 && c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getPublicPort() != null) {
                    hostPort = p.getPublicPort();
                    break;
                }
            }
        }
        String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0] : c.getId();
        if (name.startsWith("/")) {
            name = name.substring(1);
        }
        return new Replica(c.getId(), name, deploymentId, parseLong(labels.get(Labels.GENERATION), -1),
                String.valueOf(labels.get(Labels.TEMPLATE)), (int) parseLong(labels.get(Labels.REPLICA), -1), hostPort, c.getState());
    }

    boolean running() {
        return "running".equals(state);
    }

    static long parseLong(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
