package io.containerengine.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * How every service reads JSON bodies. A number with a fraction is not a whole number: Jackson would otherwise
 * truncate {@code "replicas": 1.5} to 1 and the request would succeed with a value the user did not send. Unknown
 * fields are ignored (tolerant reading between services), except in types marked {@link RejectUnknownFields}.
 * Either way the failure is a 400 naming the field ({@link BaseApiExceptionHandler}).
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
@ConditionalOnClass(JsonMapperBuilderCustomizer.class)
public class JsonInputAutoConfiguration {

    @Bean
    JsonMapperBuilderCustomizer platformJsonInput() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addHandler(new UnknownFieldsOfStrictTypes());
    }

    /** Fails on an unknown field of a {@link RejectUnknownFields} type; leaves others to the mapper's setting. */
    static final class UnknownFieldsOfStrictTypes extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws JacksonException {
            Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
            if (type.isAnnotationPresent(RejectUnknownFields.class)) {
                throw UnrecognizedPropertyException.from(parser, beanOrClass, propertyName,
                        deserializer.getKnownPropertyNames());
            }
            return false;
        }
    }
}
