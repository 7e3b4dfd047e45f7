package io.containerengine.contracts;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of events: snake_case names, ISO-8601 instants, unknown fields ignored so that
 * consumers keep working when a later version of a payload adds fields.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(EventEnvelope envelope) {
        return MAPPER.writeValueAsString(envelope);
    }

    public static EventEnvelope read(String json) {
        return MAPPER.readValue(json, EventEnvelope.class);
    }
}
