package io.containerengine.provisioner.runtime.local;

import java.time.Duration;

/**
 * What the local runtime needs to know besides its collaborators (see {@code ce.provisioner.local.*}).
 *
 * @param instanceId          label value that marks this platform instance's containers
 * @param bindAddress         host address the published ports are bound to
 * @param readinessTimeout    how long new replicas may take to become ready after a health check's initial delay
 * @param pullTimeout         upper bound of one image pull
 * @param crashBackoffInitial first delay before restarting a crashed replica
 * @param crashBackoffMax     longest delay between restarts
 * @param crashBackoffReset   a replica that ran this long since its last restart starts at the initial delay again
 * @param pidsLimit           processes per container
 * @param drainPeriod         how long replicas of a replaced revision keep answering after the new endpoints are
 *                            reported (zero: removed at once)
 */
public record LocalRuntimeSettings(String instanceId, String bindAddress, Duration readinessTimeout,
        Duration pullTimeout, Duration crashBackoffInitial, Duration crashBackoffMax, Duration crashBackoffReset,
        long pidsLimit, Duration drainPeriod) {

    /** Settings for tests that drive the runtime directly: they follow the reported endpoints, so no drain. */
    public static LocalRuntimeSettings defaults(String instanceId) {
        return new LocalRuntimeSettings(instanceId, "127.0.0.1", Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(10), 1024, Duration.ZERO);
    }

    public LocalRuntimeSettings withReadinessTimeout(Duration timeout) {
        return new LocalRuntimeSettings(instanceId, bindAddress, timeout, pullTimeout, crashBackoffInitial,
                crashBackoffMax, crashBackoffReset, pidsLimit, drainPeriod);
    }

    public LocalRuntimeSettings withCrashBackoff(Duration initial, Duration max) {
        return new LocalRuntimeSettings(instanceId, bindAddress, readinessTimeout, pullTimeout, initial, max,
                crashBackoffReset, pidsLimit, drainPeriod);
    }

    public LocalRuntimeSettings withDrainPeriod(Duration drain) {
        return new LocalRuntimeSettings(instanceId, bindAddress, readinessTimeout, pullTimeout, crashBackoffInitial,
                crashBackoffMax, crashBackoffReset, pidsLimit, drain);
    }

    /** Where the gateway and the prober reach a published port: the bind address, or loopback for a wildcard. */
    String advertisedAddress() {
        return "0.0.0.0".equals(bindAddress) || "::".equals(bindAddress) || bindAddress.isBlank() ? "127.0.0.1"
                : bindAddress;
    }
}
