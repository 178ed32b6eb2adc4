package io.huiketang.meeting.attendance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.meeting.events.MeetingEvents;
import io.huiketang.meeting.meeting.Meeting;
import io.huiketang.kit.outbox.Outbox;

/**
 * Opens and closes attendance sessions, with their events; who is in which meeting right now is
 * mirrored in Redis ({@link Presence}) for heartbeats.
 */
@ApplicationScoped
public class Attendance {

    private final Outbox outbox;
    private final Presence presence;

    Attendance(Outbox outbox, Presence presence) {
        this.outbox = outbox;
        this.presence = presence;
    }

    /** Opens a session; a person already in the meeting (another device, a lost connection) rejoins. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AttendanceSession open(Meeting meeting, UUID accountId, String displayName, boolean host, Instant at) {
        // Two devices of one person joining at the same moment take turns: one open session each time
        long key = ((long) meeting.id.hashCode() << 32) | (accountId.hashCode() & 0xFFFFFFFFL);
        AttendanceSession.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, key).getSingleResult();
        AttendanceSession previous = AttendanceSession.findOpen(meeting.id, accountId);
        if (previous != null) {
            close(meeting, previous, AttendanceSession.LeaveReason.REJOINED, at);
            AttendanceSession.getEntityManager().flush(); // one open session per person and meeting
        }
        AttendanceSession session = new AttendanceSession();
        session.id = UUID.randomUUID();
        session.meetingId = meeting.id;
        session.accountId = accountId;
        session.displayName = displayName;
        session.joinedAt = at;
        session.persist();
        presence.beat(meeting.id, session.id, at);
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.PARTICIPANT_JOINED,
                new MeetingEvents.ParticipantJoined(meeting.id.toString(), meeting.number, accountId.toString(),
                        session.id.toString(), at.toString(), host));
        return session;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void close(Meeting meeting, AttendanceSession session, AttendanceSession.LeaveReason reason, Instant at) {
        if (!session.isOpen()) {
            return;
        }
        session.leftAt = at.isBefore(session.joinedAt) ? session.joinedAt : at;
        session.leaveReason = reason;
        presence.forget(meeting.id, session.id);
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.PARTICIPANT_LEFT,
                new MeetingEvents.ParticipantLeft(meeting.id.toString(), meeting.number, session.accountId.toString(),
                        session.id.toString(), session.joinedAt.toString(), session.leftAt.toString(),
                        Duration.between(session.joinedAt, session.leftAt).toSeconds(), reason.name()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void closeAll(Meeting meeting, AttendanceSession.LeaveReason reason, Instant at) {
        List<AttendanceSession> open = AttendanceSession.list("meetingId = ?1 and leftAt is null", meeting.id);
        for (AttendanceSession session : open) {
            close(meeting, session, reason, at);
        }
    }
}
