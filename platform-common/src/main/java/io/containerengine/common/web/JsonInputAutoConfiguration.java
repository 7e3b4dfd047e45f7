package io.containerengine.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import tools.jackson.databind.DeserializationFeature;

/**
 * How every service reads JSON bodies: a number with a fraction is not a whole number. Jackson would otherwise
 * truncate {@code "replicas": 1.5} to 1 and the request would succeed with a value the user did not send; now it
 * is a 400 naming the field ({@link BaseApiExceptionHandler}).
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
@ConditionalOnClass(JsonMapperBuilderCustomizer.class)
public class JsonInputAutoConfiguration {

    @Bean
    JsonMapperBuilderCustomizer wholeNumbersStayWhole() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
