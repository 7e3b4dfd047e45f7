package io.containerengine.provisioner.runtime;

import java.time.Instant;

/**
 * One line an app wrote.
 *
 * @param level  {@code debug}, {@code info}, {@code warn} or {@code error} (see {@link LogLevels})
 * @param source the replica (container name) that wrote it
 */
public record LogLine(Instant timestamp, String level, String message, String source) {
}
