package io.containerengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the launcher in a JVM of its own (it exits the process) over fake extracted services. */
class LocalPlatformTest {

    @TempDir
    Path dir;

    @Test
    void startsEveryServiceThroughItsOwnMainWithItsPortWebTypeAndClassLoader() throws Exception {
        Path out = dir.resolve("started.txt");
        Path auth = service("auth-service", FakeServices.Recording.class, "lib/spring-boot-webmvc-4.0.7.jar");
        Path notifications = service("notification-service", FakeServices.Recording.class,
                "lib/spring-boot-webflux-4.0.7.jar");

        Result result = launch(List.of("-Dfake.out=" + out), auth + "=18081", notifications + "=18085", "--",
                "--shared=yes");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder(
                "auth-service-main loader=ce-auth-service args=--server.port=18081,"
                        + "--logging.include-application-name=false,--logging.pattern.correlation=[%ceService] ,"
                        + "--spring.main.web-application-type=servlet,--shared=yes config=true service=auth-service",
                "notification-service-main loader=ce-notification-service args=--server.port=18085,"
                        + "--logging.include-application-name=false,--logging.pattern.correlation=[%ceService] ,"
                        + "--spring.main.web-application-type=reactive,--shared=yes config=true "
                        + "service=notification-service");
    }

    @Test
    void exitsWithStatus1NamingTheServiceWhenOneFailsToStart() throws Exception {
        Path auth = service("auth-service", FakeServices.Recording.class, "lib/spring-boot-webmvc-4.0.7.jar");
        Path broken = service("deployment-service", FakeServices.Failing.class, "lib/spring-boot-webmvc-4.0.7.jar");

        Result result = launch(List.of("-Dfake.out=" + dir.resolve("started.txt")), auth + "=18081",
                broken + "=18083");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("deployment-service failed to start")
                .contains("port already in use");
    }

    @Test
    void refusesAnArgumentThatIsNotADirectoryAndPort() throws Exception {
        Result result = launch(List.of(), "just-a-directory");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("expected <dir>=<port>");
    }

    private Path service(String name, Class<?> main, String... libs) throws IOException {
        Path app = dir.resolve(name);
        for (String lib : libs) {
            Jars.write(app.resolve(lib), Map.of(), Map.of());
        }
        Jars.write(app.resolve(name + "-0.1.0.jar"),
                Map.of("Main-Class", main.getName(), "Class-Path", String.join(" ", libs)),
                Map.of("application.yml", "spring.application.name: " + name));
        return app;
    }

    record Result(int exitCode, String output) {
    }

    /** The fake mains come from the test's own class path, as the services' library classes come from the real one. */
    private Result launch(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // The services' libraries on the class path, as bin/ce puts them, so that the system class loader is the shared one.
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        try (var files = Files.walk(dir)) {
            files.filter(p -> p.getParent().getFileName().toString().equals("lib"))
                    .forEach(lib -> classPath.append(File.pathSeparator).append(lib));
        }
        command.add("-cp");
        command.add(classPath.toString());
        command.add(LocalPlatform.class.getName());
        command.addAll(List.of(args));
        File log = dir.resolve("launcher.log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
        return new Result(process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
    }
}
