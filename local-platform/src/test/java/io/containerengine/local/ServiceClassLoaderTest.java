package io.containerengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceClassLoaderTest {

    static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    @TempDir
    Path dir;

    URLClassLoader shared;
    Path own;

    @BeforeEach
    void jars() throws IOException {
        Path webmvc = Jars.write(dir.resolve("lib/spring-boot-webmvc-4.0.7.jar"), Map.of(),
                Map.of(IMPORTS, "WebMvcAutoConfiguration", "org/example/WebMvcAutoConfiguration.class", "x"));
        Path redis = Jars.write(dir.resolve("lib/spring-boot-data-redis-4.0.7.jar"), Map.of(),
                Map.of(IMPORTS, "RedisAutoConfiguration", "org/example/RedisAutoConfiguration.class", "x",
                        "application.yml", "from: a library"));
        own = Jars.write(dir.resolve("classes.jar"), Map.of(), Map.of("application.yml", "from: the service"));
        shared = new URLClassLoader(new URL[] {webmvc.toUri().toURL(), redis.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
    }

    @Test
    void aServiceFindsOnlyTheAutoConfigurationListsOfLibrariesItDependsOn() throws IOException {
        ServiceClassLoader deployments = new ServiceClassLoader("ce-deployments", own.toUri().toURL(),
                Set.of("spring-boot-webmvc-4.0.7.jar"), shared);
        ServiceClassLoader auth = new ServiceClassLoader("ce-auth", own.toUri().toURL(),
                Set.of("spring-boot-webmvc-4.0.7.jar", "spring-boot-data-redis-4.0.7.jar"), shared);

        assertThat(contents(deployments, IMPORTS)).containsExactly("WebMvcAutoConfiguration");
        assertThat(contents(auth, IMPORTS)).containsExactlyInAnyOrder("WebMvcAutoConfiguration", "RedisAutoConfiguration");
        assertThat(deployments.getResource(IMPORTS).toString()).contains("spring-boot-webmvc");
    }

    @Test
    void theServicesOwnResourcesComeFirst() throws IOException {
        ServiceClassLoader auth = new ServiceClassLoader("ce-auth", own.toUri().toURL(),
                Set.of("spring-boot-data-redis-4.0.7.jar"), shared);

        assertThat(read(auth.getResource("application.yml"))).isEqualTo("from: the service");
    }

    @Test
    void classFilesOfEveryLibraryStayReadableBecauseTheirClassesStayLoadable() throws IOException {
        ServiceClassLoader deployments = new ServiceClassLoader("ce-deployments", own.toUri().toURL(),
                Set.of("spring-boot-webmvc-4.0.7.jar"), shared);

        assertThat(deployments.getResource("org/example/RedisAutoConfiguration.class")).isNotNull();
        assertThat(deployments.getResource("META-INF/none")).isNull();
    }

    @Test
    void namesTheJarOfAResource() throws IOException {
        assertThat(ServiceClassLoader.jarOf(new URL("jar:file:/x/lib/a-1.jar!/META-INF/x"))).isEqualTo("a-1.jar");
        assertThat(ServiceClassLoader.jarOf(new URL("jrt:/java.base/java/lang/Object.class"))).isEmpty();
    }

    private static List<String> contents(ClassLoader loader, String name) throws IOException {
        return Collections.list(loader.getResources(name)).stream().map(ServiceClassLoaderTest::read).toList();
    }

    private static String read(URL url) {
        try (var in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
