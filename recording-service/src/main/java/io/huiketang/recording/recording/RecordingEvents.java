package io.huiketang.recording.recording;

/** What recording-service publishes on {@code recording.events} (schemas in platform-kit): ids, times, the notice. */
public final class RecordingEvents {

    public static final String TOPIC = "recording.events";
    public static final String STARTED = "huiketang.recording.recording-started.v1";
    public static final String STOPPED = "huiketang.recording.recording-stopped.v1";

    public record RecordingStarted(String recordingId, String meetingId, String kind, String startedBy,
            String startedAt, String notice) {
    }

    /** @param reason STOPPED, MEETING_ENDED, QUOTA_EXCEEDED, EGRESS_ENDED or FAILED */
    public record RecordingStopped(String recordingId, String meetingId, String kind, String stoppedAt,
            String reason) {
    }

    private RecordingEvents() {
    }
}
