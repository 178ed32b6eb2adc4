package io.huiketang.recording.meetings;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What recording-service knows of a meeting, from meeting-service's events (local read model). */
@Entity
@Table(name = "meeting_copy")
public class MeetingCopy extends PanacheEntityBase {

    public enum Status {
        SCHEDULED, STARTED, ENDED, CANCELLED
    }

    @Id
    @Column(name = "meeting_id")
    public UUID meetingId;

    /** The nine digits: LiveKit's room name. */
    @Column(nullable = false)
    public String number;

    /** The host; null once the creator's account was erased in meeting-service. */
    @Column(name = "creator_id")
    public UUID creatorId;

    @Column(name = "enterprise_id")
    public UUID enterpriseId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    public boolean isCreator(UUID accountId) {
        return accountId.equals(creatorId);
    }

    public static MeetingCopy findStartedByNumber(String number) {
        return find("number = ?1 and status = ?2", number, Status.STARTED).firstResult();
    }
}
