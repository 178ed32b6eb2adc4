package io.huiketang.meeting.meeting;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A meeting: its typable number, topic, plan and lifecycle (MTG-1, MTG-2). */
@Entity
@Table(name = "meeting")
public class Meeting extends PanacheEntityBase {

    public enum Kind {
        INSTANT, SCHEDULED
    }

    public enum Status {
        SCHEDULED, STARTED, ENDED, CANCELLED;

        public boolean isOpen() {
            return this == SCHEDULED || this == STARTED;
        }
    }

    @Id
    public UUID id;

    /** Nine digits, unique among meetings not yet ended. */
    @Column(nullable = false)
    public String number;

    @Column(nullable = false)
    public String topic;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "planned_start")
    public Instant plannedStart;

    @Column(name = "planned_minutes")
    public Integer plannedMinutes;

    /** Keyed hash of the passcode, salted with the meeting id; null without a passcode. */
    @Column(name = "passcode_hash")
    public String passcodeHash;

    /** Null once the creator's account was erased. */
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

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Who may see a meeting and its attendance: its creator and everyone who took part in it. */
    public boolean isVisibleTo(UUID accountId) {
        return accountId.equals(creatorId)
                || io.huiketang.meeting.attendance.AttendanceSession.count("meetingId = ?1 and accountId = ?2", id,
                        accountId) > 0;
    }

    public static Meeting findOpenByNumber(String number) {
        // Two single-valued parameters, not "status in ?2" with a list: Hibernate caches the SQL of a
        // query only when its parameters are single-valued, and this one runs on every join
        return find("number = ?1 and (status = ?2 or status = ?3)", number, Status.SCHEDULED, Status.STARTED)
                .firstResult();
    }
}
