package io.huiketang.meeting.attendance;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One stay of one person in one meeting, from join to leave (MTG-2). */
@Entity
@Table(name = "attendance_session")
public class AttendanceSession extends PanacheEntityBase {

    /** Why a session ended. */
    public enum LeaveReason {
        LEFT, REJOINED, MEETING_ENDED, TIMED_OUT, MEDIA_LEFT
    }

    @Id
    public UUID id;

    @Column(name = "meeting_id", nullable = false)
    public UUID meetingId;

    /** Null once the person's account was erased: they stay counted, anonymously. */
    @Column(name = "account_id")
    public UUID accountId;

    /** The name the person chose for this meeting. */
    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "left_at")
    public Instant leftAt;

    @Column(name = "leave_reason")
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public LeaveReason leaveReason;

    /** LiveKit's participant sid of the media connection this session is, once a webhook named it. */
    @Column(name = "media_sid")
    public String mediaSid;

    public boolean isOpen() {
        return leftAt == null;
    }

    /** Time in the meeting; an open session counts until now. */
    public Duration duration() {
        return Duration.between(joinedAt, leftAt == null ? Instant.now() : leftAt);
    }

    public static AttendanceSession findByMediaSid(UUID meetingId, String mediaSid) {
        return find("meetingId = ?1 and mediaSid = ?2", meetingId, mediaSid).firstResult();
    }

    public static AttendanceSession findOpen(UUID meetingId, UUID accountId) {
        return find("meetingId = ?1 and accountId = ?2 and leftAt is null", meetingId, accountId).firstResult();
    }
}
