package io.containerengine.provisioner.runtime.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delays between restarts of a replica that keeps crashing, as Kubernetes' CrashLoopBackOff: the initial delay,
 * doubled with every restart up to a maximum, back to the initial delay once the replica ran long enough.
 */
final class CrashBackoff {

    private record State(Instant lastRestart, Duration lastDelay) {
    }

    private final Duration initial;
    private final Duration max;
    private final Duration reset;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    CrashBackoff(Duration initial, Duration max, Duration reset) {
        this.initial = initial;
        this.max = max;
        this.reset = reset;
    }

    /** How long to wait before the next restart of this replica. */
    Duration nextDelay(UUID deploymentId, int index, Instant now) {
        State state = states.get(key(deploymentId, index));
        if (state == null || Duration.between(state.lastRestart(), now).compareTo(reset) > 0) {
            return initial;
        }
        Duration doubled = state.lastDelay().multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }

    void restarted(UUID deploymentId, int index, Instant now, Duration delay) {
        states.put(key(deploymentId, index), new State(now, delay));
    }

    void forget(UUID deploymentId) {
        String prefix = deploymentId + "/";
        states.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static String key(UUID deploymentId, int index) {
        return deploymentId + "/" + index;
    }
}
