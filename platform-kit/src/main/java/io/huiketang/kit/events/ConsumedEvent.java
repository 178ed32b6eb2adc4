package io.huiketang.kit.events;

import java.io.IOException;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

/**
 * A CloudEvent read from Kafka (structured JSON mode), with its data as JSON.
 *
 * @param topic the topic it came from
 * @param key   the record key: the aggregate id
 */
public record ConsumedEvent(String topic, String key, String id, String source, String type, String subject,
        OffsetDateTime time, JsonNode data) {

    // Consumers ignore fields they do not know: event data evolves by adding fields within a version
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Reads a structured CloudEvent; throws {@link UnreadableEventException} for anything else. */
    public static ConsumedEvent parse(String topic, String key, byte[] value) {
        if (value == null || value.length == 0) {
            throw new UnreadableEventException("empty record");
        }
        try {
            CloudEvent event = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE)
                    .deserialize(value);
            JsonNode data = event.getData() == null ? JSON.nullNode() : JSON.readTree(event.getData().toBytes());
            return new ConsumedEvent(topic, key, event.getId(), event.getSource().toString(), event.getType(),
                    event.getSubject(), event.getTime(), data);
        } catch (EventDeserializationException | IOException | IllegalArgumentException | IllegalStateException e) {
            throw new UnreadableEventException(e.getClass().getSimpleName());
        }
    }

    public <T> T dataAs(Class<T> type) {
        try {
            return JSON.treeToValue(data, type);
        } catch (IOException e) {
            throw new UnreadableEventException("data of " + this.type + " does not map to " + type.getSimpleName());
        }
    }

    /** A record that is not a CloudEvent this platform can read; it goes to the dead-letter topic. */
    public static class UnreadableEventException extends RuntimeException {
        public UnreadableEventException(String reason) {
            super("Unreadable event: " + reason);
        }
    }
}
