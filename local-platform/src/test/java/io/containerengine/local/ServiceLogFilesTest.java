package io.containerengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

class ServiceLogFilesTest {

    @TempDir
    Path logs;

    @Test
    void eachServiceGetsItsOwnLinesWithWholeStackTraces() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        ServiceLogFiles.attach(context, logs);
        ServiceLogFiles.attach(context, logs); // every service's start calls it; one appender results
        Logger log = context.getLogger("io.containerengine.Example");

        runAs("auth-service", () -> log.error("login failed", new IllegalStateException("outer",
                new IllegalArgumentException("the cause"))));
        runAs("deployment-service", () -> log.info("deployment created"));
        log.info("a line from a thread of no service");
        context.stop();

        String auth = Files.readString(logs.resolve("auth-service.log"));
        assertThat(auth).contains("ERROR", "io.containerengine.Example", "login failed",
                "java.lang.IllegalStateException: outer", "Caused by: java.lang.IllegalArgumentException: the cause");
        assertThat(auth).contains("\tat io.containerengine.local.ServiceLogFilesTest", "\tat java.base/java.lang.Thread.run");
        assertThat(auth).doesNotContain("deployment created").doesNotContain("no service");
        assertThat(auth.lines().filter(line -> line.contains("login failed"))).hasSize(1);
        assertThat(Files.readString(logs.resolve("deployment-service.log")))
                .contains("INFO", "deployment created").doesNotContain("login failed");
        try (var files = Files.list(logs)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("auth-service.log", "deployment-service.log");
        }
    }

    /** Runs on a thread of the service, as its own threads are: with its class loader as context loader. */
    private static void runAs(String service, Runnable work) throws Exception {
        ServiceClassLoader loader = new ServiceClassLoader("ce-" + service, Path.of(".").toUri().toURL(), Set.of(),
                ServiceLogFilesTest.class.getClassLoader());
        Thread thread = new Thread(work);
        thread.setContextClassLoader(loader);
        thread.start();
        thread.join();
    }
}
