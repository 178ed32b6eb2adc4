package io.huiketang.recording.meetings;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One attendance session as meeting-service announced it: who is (or was) present in a meeting. */
@Entity
@Table(name = "meeting_presence")
public class MeetingPresence extends PanacheEntityBase {

    @Id
    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "meeting_id", nullable = false)
    public UUID meetingId;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false)
    public boolean host;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "left_at")
    public Instant leftAt;

    /** Everyone present now, one session each. */
    public static List<MeetingPresence> present(UUID meetingId) {
        return list("meetingId = ?1 and leftAt is null order by joinedAt", meetingId);
    }

    public static boolean isPresent(UUID meetingId, UUID accountId) {
        return count("meetingId = ?1 and accountId = ?2 and leftAt is null", meetingId, accountId) > 0;
    }

    /** Whether the person ever took part in the meeting. */
    public static boolean tookPart(UUID meetingId, UUID accountId) {
        return count("meetingId = ?1 and accountId = ?2", meetingId, accountId) > 0;
    }
}
