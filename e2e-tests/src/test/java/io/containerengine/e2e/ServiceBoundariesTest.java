package io.containerengine.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * No service imports another service's code: they meet only through HTTP, Kafka events ({@code contracts}) and the
 * small {@code platform-common} library. Reads each module's compiled classes (the reactor built them before this
 * module).
 */
class ServiceBoundariesTest {

    private static final Map<String, String> PACKAGE_OF_MODULE = Map.of(
            "gateway", "io.containerengine.gateway",
            "auth-service", "io.containerengine.auth",
            "apikey-service", "io.containerengine.apikeys",
            "deployment-service", "io.containerengine.deployments",
            "provisioner-worker", "io.containerengine.provisioner",
            "notification-service", "io.containerengine.notifications",
            "contracts", "io.containerengine.contracts",
            "platform-common", "io.containerengine.common",
            // starts services by name through reflection only; it must not link to any of them
            "local-platform", "io.containerengine.local");

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "auth-service", "apikey-service", "deployment-service", "provisioner-worker",
            "notification-service", "contracts", "platform-common", "local-platform"})
    void moduleDependsOnNoServiceButItself(String module) {
        Path classes = Platform.ROOT.resolve(module).resolve("target/classes");
        assertThat(classes).as("compiled classes of %s", module).isDirectory();
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        assertThat(imported).as("classes of %s", module).isNotEmpty();

        String own = PACKAGE_OF_MODULE.get(module);
        String[] forbidden = PACKAGE_OF_MODULE.entrySet().stream()
                .filter(e -> !e.getKey().equals(module))
                .filter(e -> !e.getKey().equals("contracts") && !e.getKey().equals("platform-common"))
                .map(e -> e.getValue() + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(own + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .check(imported);
    }
}
