package io.containerengine.provisioner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLevelsTest {

    @Test
    void takesTheLevelALoggingLibraryPrintsNearTheStart() {
        assertThat(LogLevels.of("2026-11-27T18:23:57.196Z  WARN 1 --- [main] o.s.Example : low on disk", false))
                .isEqualTo("warn");
        assertThat(LogLevels.of("WARNING:root:cache cold", true)).isEqualTo("warn");
        assertThat(LogLevels.of("2026/11/27 18:00:00 [error] 7#7: *1 open() failed", true)).isEqualTo("error");
        assertThat(LogLevels.of("time=2026-11-27T18:00:00Z level=debug msg=\"tick\"", false)).isEqualTo("debug");
        assertThat(LogLevels.of("{\"ts\":1,\"level\":\"WARN\",\"msg\":\"slow\"}", false)).isEqualTo("warn");
        assertThat(LogLevels.of("{\"severity\":\"CRITICAL\",\"message\":\"down\"}", false)).isEqualTo("error");
        assertThat(LogLevels.of("INFO: Started server on :8080", true)).isEqualTo("info");
        assertThat(LogLevels.of("error: config file missing", false)).isEqualTo("error");
        assertThat(LogLevels.of("[12:00:01] TRACE entering handler", false)).isEqualTo("debug");
    }

    @Test
    void withoutAStatedLevelTheStreamDecides() {
        assertThat(LogLevels.of("[::ffff:10.88.0.1]:58768: response:200", true)).isEqualTo("error");
        assertThat(LogLevels.of("listening on port 8080", false)).isEqualTo("info");
        assertThat(LogLevels.of("{\"msg\":\"no level here\"}", true)).isEqualTo("error");
    }

    @Test
    void aLevelWordInsideTheMessageIsNotTheLineLevel() {
        // lower-case words in a sentence, a longer word, and a level word far into the line
        assertThat(LogLevels.of("retrying after a network error", false)).isEqualTo("info");
        assertThat(LogLevels.of("INFORMATION_SCHEMA refreshed", false)).isEqualTo("info");
        assertThat(LogLevels.of("x".repeat(90) + " ERROR", false)).isEqualTo("info");
        assertThat(LogLevels.of("user_error_count=3 WARNINGS=0", false)).isEqualTo("info");
    }
}
