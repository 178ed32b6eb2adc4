package io.huiketang.meeting.recording;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;

/**
 * recording-service's {@code recording.events} (once per event: platform-kit's inbox): the meeting's
 * running recording, so the join answer carries its notice (REC-1). A stop removes it only if it is
 * the recording that stopped; events of a meeting arrive in order (keyed by meeting id).
 */
@ApplicationScoped
public class RecordingEventsHandler implements EventHandler {

    public static final String TOPIC = "recording.events";
    static final String STARTED = "huiketang.recording.recording-started.v1";
    static final String STOPPED = "huiketang.recording.recording-stopped.v1";

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public void handle(ConsumedEvent event) {
        JsonNode data = event.data();
        if (STARTED.equals(event.type())) {
            UUID meetingId = UUID.fromString(data.path("meetingId").asText());
            MeetingRecording running = MeetingRecording.findById(meetingId);
            if (running == null) {
                running = new MeetingRecording();
                running.meetingId = meetingId;
            }
            running.recordingId = UUID.fromString(data.path("recordingId").asText());
            running.kind = data.path("kind").asText();
            running.notice = data.path("notice").asText();
            running.startedAt = OffsetDateTime.parse(data.path("startedAt").asText()).toInstant();
            running.persist();
        } else if (STOPPED.equals(event.type())) {
            MeetingRecording.delete("meetingId = ?1 and recordingId = ?2",
                    UUID.fromString(data.path("meetingId").asText()),
                    UUID.fromString(data.path("recordingId").asText()));
        }
    }
}
