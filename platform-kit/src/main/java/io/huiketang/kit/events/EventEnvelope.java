package io.huiketang.kit.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

/** Wraps event data in a CloudEvents 1.0 envelope, serialised in structured JSON mode. */
public final class EventEnvelope {

    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventEnvelope() {
    }

    /** The event source of a service: {@code /huiketang/<service>}. */
    public static URI sourceOf(String service) {
        return URI.create("/huiketang/" + service);
    }

    public static String toJson(UUID id, URI source, String type, String subject, OffsetDateTime time,
            JsonNode data) {
        try {
            CloudEvent event = CloudEventBuilder.v1()
                    .withId(id.toString())
                    .withSource(source)
                    .withType(type)
                    .withSubject(subject)
                    .withTime(time)
                    .withDataContentType("application/json")
                    .withData(JSON.writeValueAsBytes(data))
                    .build();
            byte[] bytes = EventFormatProvider.getInstance().resolveFormat(CONTENT_TYPE).serialize(event);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data of " + type + " is not serialisable", e);
        }
    }
}
