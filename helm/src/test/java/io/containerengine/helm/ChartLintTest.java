package io.containerengine.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

/** helm lint (strict: warnings fail too). Lint takes no values, so a copy of the chart gets the required ones. */
class ChartLintTest {

    @Test
    void lintPassesStrictlyOnceTheRequiredValuesAreGiven(@TempDir Path temp) throws IOException {
        Path chart = copyChart(temp);
        Path values = chart.resolve("values.yaml");
        String original = Files.readString(values);
        String completed = original
                .replace("  existingSecret: \"\"", "  existingSecret: ce-platform-secrets")
                .replace("\ndomainSuffix: \"\"", "\ndomainSuffix: apps.example.test")
                .replace("\napiHost: \"\"", "\napiHost: api.example.test");
        assertThat(completed).as("the three required values are blank in values.yaml")
                .contains("existingSecret: ce-platform-secrets", "domainSuffix: apps.example.test",
                        "apiHost: api.example.test");
        Files.writeString(values, completed);

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lintOfTheChartAsShippedPassesAndNamesTheRequiredValues() {
        // helm lint downgrades `required` to an informational message; helm template/install fail on it.
        LintResult result = new Helm(Chart.DIR).lint().call();

        assertThat(result.isFailed()).as("lint messages %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]"));
    }

    private static Path copyChart(Path temp) throws IOException {
        Path target = temp.resolve("container-engine");
        try (Stream<Path> files = Files.walk(Chart.DIR)) {
            files.forEach(source -> {
                Path destination = target.resolve(Chart.DIR.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(source, destination);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }
}
