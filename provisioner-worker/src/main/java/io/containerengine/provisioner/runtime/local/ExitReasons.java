package io.containerengine.provisioner.runtime.local;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;

/** Readable reasons for a container that stopped. */
final class ExitReasons {

    private ExitReasons() {
    }

    /**
     * @param memoryLimit the memory limit as the user wrote it ({@code "32Mi"}), or null without one
     */
    static String of(ContainerState state, String memoryLimit) {
        if (state == null) {
            return "container stopped";
        }
        Long code = state.getExitCodeLong();
        boolean oomKilled = Boolean.TRUE.equals(state.getOOMKilled());
        // Podman 4.3 on cgroup v1 never sets OOMKilled: the kernel's SIGKILL (137) of a limited container is
        // taken as out-of-memory, which is by far its most likely cause there.
        if (oomKilled || code != null && code == 137 && memoryLimit != null) {
            return "container killed: out of memory (limit " + (memoryLimit == null ? "unknown" : memoryLimit) + ")";
        }
        if (code != null && code == 137) {
            return "container killed (exit code 137, SIGKILL)";
        }
        String error = state.getError();
        if (error != null && !error.isBlank()) {
            return "container failed: " + LocalDockerRuntime.describe(new RuntimeException(error));
        }
        return "container exited with code " + (code == null ? "unknown" : code);
    }
}
