package io.containerengine.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Renders the chart with helm-java and parses every rendered document into a fabric8 model object. */
final class Chart {

    static final Path DIR = Path.of("container-engine").toAbsolutePath();
    static final String RELEASE = "ce";
    static final String NAMESPACE = "platform";
    static final String EXISTING_SECRET = "ce-platform-secrets";

    /** The six components and their ports (docs/architecture.md). */
    static final Map<String, Integer> PORTS = Map.of(
            "gateway", 3000,
            "auth-service", 8081,
            "apikey-service", 8082,
            "deployment-service", 8083,
            "provisioner-worker", 8084,
            "notification-service", 8085);

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private Chart() {
    }

    static Path testResource(String name) {
        try {
            return Path.of(Chart.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** helm template with test-values.yaml (every optional feature on). */
    static String renderWithTestValues() {
        return render(command -> command.withValuesFile(testResource("test-values.yaml")));
    }

    /** helm template with only the required values. */
    static String renderWithRequiredValuesOnly() {
        return render(command -> command
                .set("secrets.existingSecret", EXISTING_SECRET)
                .set("domainSuffix", "apps.example.test")
                .set("apiHost", "api.example.test"));
    }

    static String render(UnaryOperator<TemplateCommand> values) {
        return values.apply(new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)).call();
    }

    /** Every non-empty document of a helm template output, parsed by kind. */
    static List<HasMetadata> parse(String rendered) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(rendered)) {
            boolean empty = document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (empty) {
                continue;
            }
            Object parsed = Serialization.unmarshal(document);
            assertThat(parsed).as("rendered document%n%s", document).isInstanceOf(HasMetadata.class);
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }

    static String name(String component) {
        return RELEASE + "-container-engine-" + component;
    }

    static Deployment deployment(List<HasMetadata> objects, String component) {
        return one(objects, Deployment.class, name(component));
    }

    static Container container(List<HasMetadata> objects, String component) {
        List<Container> containers = deployment(objects, component).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of %s", component).hasSize(1);
        return containers.get(0);
    }

    static Optional<EnvVar> env(Container container, String name) {
        List<EnvVar> matching = container.getEnv().stream().filter(e -> e.getName().equals(name)).toList();
        assertThat(matching).as("env %s of %s (at most once)", name, container.getName()).hasSizeLessThan(2);
        return matching.stream().findFirst();
    }

    static String envValue(Container container, String name) {
        EnvVar var = env(container, name).orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
        assertThat(var.getValueFrom()).as("%s of %s is a literal", name, container.getName()).isNull();
        return var.getValue();
    }

    /**
     * Paths of fields the model does not know (fabric8 keeps them in additionalProperties instead of failing): a
     * misspelt or misplaced field in a template shows up here.
     */
    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        collectUnknownFields(model, model.getClass().getSimpleName(), found, new IdentityHashMap<>());
        return found;
    }

    private static void collectUnknownFields(Object value, String path, List<String> found,
            Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                collectUnknownFields(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + " " + extra.keySet());
                }
                continue;
            }
            collectUnknownFields(child, path + "." + getter.getName().substring(3), found, seen);
        }
    }

    static final Set<String> SECRET_ENV = Set.of("JWT_SECRET", "INTERNAL_IDENTITY_SECRET", "SECRETS_KEY",
            "DATABASE_URL", "AWS_SES_PASSWORD", "WEBHOOK_SECRET");
}
