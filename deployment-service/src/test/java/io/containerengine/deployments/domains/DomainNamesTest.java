package io.containerengine.deployments.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.containerengine.deployments.web.ValidationException;

class DomainNamesTest {

    @ParameterizedTest
    @CsvSource({
            "myapp.example.com,myapp.example.com",
            "MyApp.Example.COM.,myapp.example.com",
            "  www.example.co.uk ,www.example.co.uk",
            "xn--bcher-kva.example,xn--bcher-kva.example",
            "a-b.c1.io,a-b.c1.io"})
    void acceptsAndNormalisesHostNames(String raw, String expected) {
        assertThat(DomainNames.normalise(raw, "apps.example.net")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "example", "-bad.example.com", "bad-.example.com",
            "under_score.example.com", "double..dot.com", "*.example.com", "192.168.1.10", "10.0.0.1.",
            "[::1]", "::1", "2001:db8::1", "exa mple.com", "https://example.com", "example.com/path",
            "müller.example.com"})
    void rejectsWhatIsNoHostName(String raw) {
        assertThatThrownBy(() -> DomainNames.normalise(raw, "apps.example.net"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apps.example.net", "myapp.apps.example.net", "A.B.APPS.EXAMPLE.NET"})
    void rejectsThePlatformsOwnDomain(String raw) {
        assertThatThrownBy(() -> DomainNames.normalise(raw, "apps.example.net"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).details()).contains("platform"));
    }

    @org.junit.jupiter.api.Test
    void rejectsOverlongNamesAndLabels() {
        String label64 = "a".repeat(64);
        assertThatThrownBy(() -> DomainNames.normalise(label64 + ".com", "x.io"))
                .isInstanceOf(ValidationException.class);
        String long254 = ("a".repeat(62) + ".").repeat(4) + "comm"; // 4*63 + 4 = 256
        assertThatThrownBy(() -> DomainNames.normalise(long254, "x.io")).isInstanceOf(ValidationException.class);
        assertThat(DomainNames.normalise("a".repeat(63) + ".com", "x.io")).startsWith("aaa");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ce-verify-abc|ce-verify-abc",
            "\"ce-verify-abc\"|ce-verify-abc",
            "\"part one\" \"part two\"|part onepart two",
            "abc def|abcdef",
            "\"quoted \\\" inside\"|quoted \" inside"})
    void joinsTxtCharacterStrings(String rendered, String expected) {
        assertThat(JndiDnsResolver.joinCharacterStrings(rendered)).isEqualTo(expected);
    }
}
