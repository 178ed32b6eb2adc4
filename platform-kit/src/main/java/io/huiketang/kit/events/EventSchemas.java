package io.huiketang.kit.events;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The JSON Schema of every event type's {@code data}, one file per type under
 * {@code META-INF/huiketang/event-schemas/<type>.json}. In the test and dev profiles events are
 * checked when written to the outbox ({@code huiketang.outbox.validate-events}), so no service ships
 * an event its consumers cannot read; in production the check is off (a millisecond-scale cost on
 * every write for a mistake the tests already catch).
 */
public final class EventSchemas {

    public static final String LOCATION = "META-INF/huiketang/event-schemas/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The violations of {@code data} against the schema of {@code type}; empty when valid. */
    public static List<String> violations(String type, JsonNode data) {
        Set<ValidationMessage> messages = schemaOf(type).validate(data);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Throws when the type has no schema or the data does not match it. */
    public static void requireValid(String type, JsonNode data) {
        List<String> violations = violations(type, data);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(type, violations);
        }
    }

    public static boolean exists(String type) {
        return resource(type) != null;
    }

    private static JsonSchema schemaOf(String type) {
        return CACHE.computeIfAbsent(type, t -> {
            try (InputStream in = resource(t)) {
                if (in == null) {
                    throw new InvalidEventException(t, List.of("no schema at " + LOCATION + t + ".json"));
                }
                return FACTORY.getSchema(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the schema of " + t, e);
            }
        });
    }

    private static InputStream resource(String type) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = EventSchemas.class.getClassLoader();
        }
        return loader.getResourceAsStream(LOCATION + type + ".json");
    }

    /** An event that has no schema or does not match it: a programming error, never sent. */
    public static class InvalidEventException extends IllegalArgumentException {
        public InvalidEventException(String type, List<String> violations) {
            super("Event " + type + " does not match its schema: " + String.join("; ", violations));
        }
    }
}
