package io.containerengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAppTest {

    @TempDir
    Path dir;

    @Test
    void readsMainClassAndLibrariesOfAnExtractedService() throws IOException {
        Jars.write(dir.resolve("lib/spring-boot-webmvc-4.0.7.jar"), Map.of(), Map.of());
        Jars.write(dir.resolve("lib/kafka-clients-4.1.2.jar"), Map.of(), Map.of());
        Jars.write(dir.resolve("auth-service-0.1.0.jar"),
                Map.of("Main-Class", "io.example.Main",
                        "Class-Path", "lib/spring-boot-webmvc-4.0.7.jar lib/kafka-clients-4.1.2.jar"),
                Map.of("application.yml", "server.port: 1"));

        ServiceApp app = ServiceApp.read(dir, 8081);

        assertThat(app.name()).isEqualTo("auth-service");
        assertThat(app.mainClass()).isEqualTo("io.example.Main");
        assertThat(app.port()).isEqualTo(8081);
        assertThat(app.libs()).containsExactly(dir.resolve("lib/spring-boot-webmvc-4.0.7.jar"),
                dir.resolve("lib/kafka-clients-4.1.2.jar"));
        assertThat(app.webApplicationType()).isEqualTo("servlet");
    }

    @Test
    void ownClassesJarHasNoClassPathSoALoaderDoesNotPullInEveryLibraryAgain() throws IOException {
        Jars.write(dir.resolve("notification-service-0.1.0.jar"),
                Map.of("Main-Class", "io.example.Main", "Class-Path", "lib/spring-boot-webflux-4.0.7.jar"),
                Map.of("application.yml", "a: b", "io/example/Main.class", "not really a class"));

        ServiceApp app = ServiceApp.read(dir, 8085);

        try (JarFile classes = new JarFile(app.classesJar().toFile())) {
            Attributes main = classes.getManifest().getMainAttributes();
            assertThat(main.getValue(Attributes.Name.CLASS_PATH)).isNull();
            assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("io.example.Main");
            assertThat(classes.getEntry("application.yml")).isNotNull();
            assertThat(classes.getEntry("io/example/Main.class")).isNotNull();
        }
        assertThat(app.webApplicationType()).isEqualTo("reactive");
    }

    @Test
    void servletWinsOverReactiveAsInSpringBootAndNeitherMeansNone() throws IOException {
        Path both = dir.resolve("both");
        Jars.write(both.resolve("x-1.jar"), Map.of("Main-Class", "M",
                "Class-Path", "lib/spring-boot-webflux-4.0.7.jar lib/spring-boot-webmvc-4.0.7.jar"), Map.of());
        Path none = dir.resolve("none");
        Jars.write(none.resolve("y-1.jar"), Map.of("Main-Class", "M", "Class-Path", "lib/kafka-clients-4.1.2.jar"),
                Map.of());

        assertThat(ServiceApp.read(both, 1).webApplicationType()).isEqualTo("servlet");
        assertThat(ServiceApp.read(none, 1).webApplicationType()).isEqualTo("none");
    }

    @Test
    void refusesADirectoryWithoutAMainClass() throws IOException {
        Jars.write(dir.resolve("x-1.jar"), Map.of(), Map.of());

        assertThatThrownBy(() -> ServiceApp.read(dir, 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("Main-Class");
    }
}
