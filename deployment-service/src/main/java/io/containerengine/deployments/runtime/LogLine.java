package io.containerengine.deployments.runtime;

import java.time.Instant;

/** One log line of a deployment, as the provisioner reports it and the API shows it. */
public record LogLine(Instant timestamp, String level, String message, String source) {
}
