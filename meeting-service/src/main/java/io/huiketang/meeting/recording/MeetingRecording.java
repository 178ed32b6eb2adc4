package io.huiketang.meeting.recording;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The recording running in a meeting now, as recording-service announced it (issue 14). */
@Entity
@Table(name = "meeting_recording")
public class MeetingRecording extends PanacheEntityBase {

    @Id
    @Column(name = "meeting_id")
    public UUID meetingId;

    @Column(name = "recording_id", nullable = false)
    public UUID recordingId;

    /** CLOUD or LOCAL. */
    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String notice;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    /** What the join answer says of it: the notice every joiner is shown. */
    public record Notice(String recordingId, String kind, String notice) {
    }

    /** The notice of the meeting's running recording, or null while none runs. */
    public static Notice noticeOf(UUID meetingId) {
        MeetingRecording running = findById(meetingId);
        return running == null ? null : new Notice(running.recordingId.toString(), running.kind, running.notice);
    }
}
