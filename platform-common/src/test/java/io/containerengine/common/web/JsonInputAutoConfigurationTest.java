package io.containerengine.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

class JsonInputAutoConfigurationTest {

    record Scale(int replicas) {
    }

    @RejectUnknownFields
    record Check(String path, Integer periodSeconds) {
    }

    @RejectUnknownFields
    record Create(String appName, Check healthCheck) {
    }

    record Tolerant(String name) {
    }

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, JsonInputAutoConfiguration.class))
            .withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE",
                    "spring.jackson.deserialization.fail-on-unknown-properties=false");

    @Test
    void aFractionIsRefusedWhereAWholeNumberIsExpected() {
        contexts.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThat(json.readValue("{\"replicas\":3}", Scale.class).replicas()).isEqualTo(3);
            assertThatThrownBy(() -> json.readValue("{\"replicas\":1.5}", Scale.class))
                    .isInstanceOf(DatabindException.class);
        });
    }

    @Test
    void anUnknownFieldOfAStrictTypeIsNamedWithTheFieldsThereAre() {
        contexts.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThat(json.readValue("{\"name\":\"a\",\"extra\":1}", Tolerant.class).name()).isEqualTo("a");
            assertThat(json.readValue("{\"app_name\":\"a\",\"health_check\":{\"period_seconds\":5}}",
                    Create.class).healthCheck().periodSeconds()).isEqualTo(5);

            Throwable typo = catchThrowable(() -> json.readValue(
                    "{\"app_name\":\"a\",\"health_check\":{\"interval_seconds\":5}}", Create.class));
            // as the web stacks wrap it: the servlet one directly, WebFlux two levels down
            assertThat(JsonBodyErrors.unknownField(new HttpMessageNotReadableException("unreadable", typo,
                    new MockHttpInputMessage(new byte[0])))).isEqualTo(
                    "health_check.interval_seconds is not a field of this request (known: path, period_seconds)");
            Throwable topLevel = catchThrowable(() -> json.readValue("{\"env\":{}}", Create.class));
            assertThat(JsonBodyErrors.unknownField(new IllegalStateException(new IllegalArgumentException(topLevel))))
                    .startsWith("env is not a field");
            assertThat(JsonBodyErrors.fieldOf(catchThrowable(() -> json.readValue("{\"replicas\":\"x\"}",
                    Scale.class)))).isEqualTo("replicas");
            assertThat(JsonBodyErrors.unknownField(catchThrowable(() -> json.readValue("{\"replicas\":\"x\"}",
                    Scale.class)))).isNull();
        });
    }
}
