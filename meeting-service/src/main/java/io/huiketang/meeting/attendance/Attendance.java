package io.huiketang.meeting.attendance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.meeting.events.MeetingEvents;
import io.huiketang.meeting.metrics.MeetingMetrics;
import io.huiketang.meeting.meeting.Meeting;

/**
 * Opens and closes attendance sessions, with their events; who is in which meeting right now is
 * mirrored in Redis ({@link Presence}) once the change committed. Every transition is a
 * conditional write, so of two sides that both saw a session open exactly one closes it and
 * publishes; a join holds the meeting row shared until it commits, so ending the meeting (which
 * takes it exclusively) closes every session that joined before and refuses every later one.
 */
@ApplicationScoped
public class Attendance {

    private final Outbox outbox;
    private final Presence presence;
    private final MeetingMetrics metrics;

    Attendance(Outbox outbox, Presence presence, MeetingMetrics metrics) {
        this.outbox = outbox;
        this.presence = presence;
        this.metrics = metrics;
    }

    /** Opens a session; a person already in the meeting (another device, a lost connection) rejoins. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AttendanceSession open(Meeting meeting, UUID accountId, String displayName, boolean host, Instant at) {
        return open(meeting, accountId, displayName, host, at, null);
    }

    /**
     * @param mediaSid LiveKit's id of the media connection this session is, when already known
     * @throws ProblemException 404 when the meeting ended meanwhile
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AttendanceSession open(Meeting meeting, UUID accountId, String displayName, boolean host, Instant at,
            String mediaSid) {
        holdStarted(meeting);
        // Two devices of one person joining at the same moment take turns: one open session each time
        long key = ((long) meeting.id.hashCode() << 32) | (accountId.hashCode() & 0xFFFFFFFFL);
        em().createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, key).getSingleResult();
        AttendanceSession previous = AttendanceSession.findOpen(meeting.id, accountId);
        if (previous != null) {
            close(meeting, previous, AttendanceSession.LeaveReason.REJOINED, at);
        }
        AttendanceSession session = new AttendanceSession();
        session.id = UUID.randomUUID();
        session.meetingId = meeting.id;
        session.accountId = accountId;
        session.displayName = displayName;
        session.joinedAt = at;
        session.mediaSid = mediaSid;
        session.persist();
        presence.beatAfterCommit(meeting.id, session.id, at);
        metrics.joined();
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.PARTICIPANT_JOINED,
                new MeetingEvents.ParticipantJoined(meeting.id.toString(), meeting.number, accountId.toString(),
                        session.id.toString(), at.toString(), host));
        return session;
    }

    /**
     * Closes the session unless someone else closed it first.
     *
     * @return whether this call closed it (and published its event)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean close(Meeting meeting, AttendanceSession session, AttendanceSession.LeaveReason reason, Instant at) {
        Instant leftAt = at.isBefore(session.joinedAt) ? session.joinedAt : at;
        // Waits for a concurrent close of the row, then sees it closed: exactly one side wins
        int won = AttendanceSession.update("leftAt = ?1, leaveReason = ?2 where id = ?3 and leftAt is null", leftAt,
                reason, session.id);
        em().refresh(session);
        if (won == 0) {
            return false;
        }
        presence.forgetAfterCommit(meeting.id, session.id);
        metrics.left(Duration.between(session.joinedAt, session.leftAt));
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.PARTICIPANT_LEFT,
                new MeetingEvents.ParticipantLeft(meeting.id.toString(), meeting.number, session.accountId.toString(),
                        session.id.toString(), session.joinedAt.toString(), session.leftAt.toString(),
                        Duration.between(session.joinedAt, session.leftAt).toSeconds(), reason.name()));
        return true;
    }

    /** Closes every open session of the meeting; the caller holds the meeting row exclusively. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int closeAll(Meeting meeting, AttendanceSession.LeaveReason reason, Instant at) {
        List<AttendanceSession> open = AttendanceSession.list("meetingId = ?1 and leftAt is null", meeting.id);
        int closed = 0;
        for (AttendanceSession session : open) {
            closed += close(meeting, session, reason, at) ? 1 : 0;
        }
        return closed;
    }

    /*
     * A shared lock on the meeting row until commit: ending the meeting waits for this join, and a
     * join that read the meeting before it ended sees it ended here. Pending changes (a host's join
     * starting the meeting) are written first so the row read is this transaction's own.
     */
    private static void holdStarted(Meeting meeting) {
        em().flush();
        Object status = em().createNativeQuery("SELECT status FROM meeting WHERE id = ?1 FOR SHARE")
                .setParameter(1, meeting.id).getSingleResult();
        if (!Meeting.Status.STARTED.name().equals(String.valueOf(status))) {
            throw ProblemException.notFound("No meeting with this number is open.");
        }
    }

    private static EntityManager em() {
        return AttendanceSession.getEntityManager();
    }
}
