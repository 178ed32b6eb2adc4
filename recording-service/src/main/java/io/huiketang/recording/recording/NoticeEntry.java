package io.huiketang.recording.recording;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Evidence of one notice (REC-1): an attendance session told of a recording, and what followed. */
@Entity
@Table(name = "recording_notice")
public class NoticeEntry extends PanacheEntityBase {

    public enum Channel {
        /** Shown in the client: the state endpoint, and the join answer where it carries it. */
        IN_APP
    }

    public enum Answer {
        CONTINUE, LEAVE
    }

    @Id
    public UUID id;

    @Column(name = "recording_id", nullable = false)
    public UUID recordingId;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(name = "notified_at", nullable = false)
    public Instant notifiedAt;

    @Enumerated(EnumType.STRING)
    public Answer answer;

    @Column(name = "answered_at")
    public Instant answeredAt;

    /** When the session ended after the notice (participant-left). */
    @Column(name = "left_at")
    public Instant leftAt;

    public static List<NoticeEntry> ofRecording(UUID recordingId) {
        return list("recordingId = ?1 order by notifiedAt, id", recordingId);
    }

    public static List<NoticeEntry> ofPerson(UUID recordingId, UUID accountId) {
        return list("recordingId = ?1 and accountId = ?2 order by notifiedAt, id", recordingId, accountId);
    }
}
