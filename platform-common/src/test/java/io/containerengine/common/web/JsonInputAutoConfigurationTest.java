package io.containerengine.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

class JsonInputAutoConfigurationTest {

    record Scale(int replicas) {
    }

    private final ApplicationContextRunner contexts = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(JacksonAutoConfiguration.class, JsonInputAutoConfiguration.class));

    @Test
    void aFractionIsRefusedWhereAWholeNumberIsExpected() {
        contexts.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThat(json.readValue("{\"replicas\":3}", Scale.class).replicas()).isEqualTo(3);
            assertThatThrownBy(() -> json.readValue("{\"replicas\":1.5}", Scale.class))
                    .isInstanceOf(DatabindException.class);
        });
    }
}
