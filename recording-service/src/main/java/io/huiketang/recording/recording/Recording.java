package io.huiketang.recording.recording;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A cloud or local recording of one meeting (REC-1..3). A cloud recording's file lands with the
 * egress; it belongs to the meeting's creator (their cloud space and quota).
 */
@Entity
@Table(name = "recording")
public class Recording extends PanacheEntityBase {

    public enum Kind {
        CLOUD, LOCAL
    }

    public enum Status {
        RUNNING, STOPPED
    }

    /** The reasons of the recording-stopped event's schema. */
    public enum StopReason {
        STOPPED, MEETING_ENDED, QUOTA_EXCEEDED, EGRESS_ENDED, FAILED
    }

    @Id
    public UUID id;

    @Column(name = "meeting_id", nullable = false)
    public UUID meetingId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    /** The meeting's creator, whose cloud space holds the file; null once their account was erased. */
    @Column(name = "owner_id")
    public UUID ownerId;

    @Column(name = "enterprise_id")
    public UUID enterpriseId;

    /** Null once the starter's account was erased. */
    @Column(name = "started_by")
    public UUID startedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "stop_reason")
    public StopReason stopReason;

    /** The notice text participants were shown. */
    @Column(nullable = false)
    public String notice;

    @Column(name = "egress_id")
    public String egressId;

    @Column(name = "object_key")
    public String objectKey;

    @Column(name = "size_bytes")
    public Long sizeBytes;

    @Column(name = "duration_ms")
    public Long durationMs;

    @Column(name = "landed_at")
    public Instant landedAt;

    @Column(name = "trashed_at")
    public Instant trashedAt;

    public boolean isRunning() {
        return status == Status.RUNNING;
    }

    public boolean hasFile() {
        return objectKey != null;
    }

    public static Recording running(UUID meetingId) {
        return find("meetingId = ?1 and status = ?2", meetingId, Status.RUNNING).firstResult();
    }
}
