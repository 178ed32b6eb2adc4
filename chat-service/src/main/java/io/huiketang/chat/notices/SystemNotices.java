package io.huiketang.chat.notices;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.huiketang.chat.relay.Rooms;
import io.huiketang.kit.events.ConsumedEvent;
import io.smallrye.mutiny.Uni;

/**
 * Notices to everyone in a meeting's chat, from the other services' events: recording started and
 * stopped (recording-service), the meeting ended (meeting-service, sent by {@code MeetingEvents}
 * before the connections are closed). Relayed as {@code system} frames, which only the server sends.
 */
@ApplicationScoped
public class SystemNotices {

    private static final Logger LOG = Logger.getLogger(SystemNotices.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String RECORDING_STARTED = "huiketang.recording.recording-started.v1";
    static final String RECORDING_STOPPED = "huiketang.recording.recording-stopped.v1";

    private final Rooms rooms;

    SystemNotices(Rooms rooms) {
        this.rooms = rooms;
    }

    @Incoming("recording-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        ConsumedEvent event;
        try {
            event = ConsumedEvent.parse(record.topic(), record.key(), record.value());
        } catch (ConsumedEvent.UnreadableEventException e) {
            LOG.warnf("Skipped an unreadable record of %s (partition %d, offset %d)", record.topic(), record.partition(),
                    record.offset());
            return Uni.createFrom().voidItem();
        }
        JsonNode data = event.data();
        ObjectNode frame;
        switch (event.type()) {
            case RECORDING_STARTED -> frame = system("recording-started", data.path("startedAt").asText())
                    .put("kind", data.path("kind").asText()).put("notice", data.path("notice").asText());
            case RECORDING_STOPPED -> frame = system("recording-stopped", data.path("stoppedAt").asText())
                    .put("kind", data.path("kind").asText()).put("reason", data.path("reason").asText());
            default -> {
                return Uni.createFrom().voidItem();
            }
        }
        UUID meetingId;
        try {
            meetingId = UUID.fromString(data.path("meetingId").asText());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipped a %s event without a meeting id (offset %d)", event.type(), record.offset());
            return Uni.createFrom().voidItem();
        }
        return rooms.publishSystem(meetingId, frame.toString());
    }

    /** The system frame announcing the end of the meeting (from meeting-ended's data). */
    public static String meetingEnded(JsonNode data) {
        return system("meeting-ended", data.path("endedAt").asText()).put("reason", data.path("reason").asText())
                .toString();
    }

    private static ObjectNode system(String event, String at) {
        return JSON.createObjectNode().put("v", 1).put("type", "system").put("id", UUID.randomUUID().toString())
                .put("event", event).put("at", at);
    }
}
