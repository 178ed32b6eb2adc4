package io.huiketang.meeting.telemetry;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads a request body strictly, for this endpoint only (the service's mapper stays lenient): an
 * unknown or repeated property, trailing content or a fraction where an integer belongs is refused.
 * {@code @JsonIgnoreProperties(ignoreUnknown = false)} would not do: it cannot override the mapper's
 * disabled FAIL_ON_UNKNOWN_PROPERTIES, Quarkus' default.
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return mapper.readerFor(mapper.constructType(type))
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
