package io.huiketang.meeting.meeting;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.huiketang.meeting.attendance.Attendance;
import io.huiketang.meeting.attendance.AttendanceSession;
import io.huiketang.meeting.events.MeetingEvents;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;

/** Starting and ending meetings, with their events; ending closes everybody's attendance, once. */
@ApplicationScoped
public class MeetingLifecycle {

    public enum EndReason {
        HOST, ENTERPRISE_ADMIN, EMPTY, MEDIA_ROOM_FINISHED
    }

    private final Outbox outbox;
    private final Attendance attendance;

    MeetingLifecycle(Outbox outbox, Attendance attendance) {
        this.outbox = outbox;
        this.attendance = attendance;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void start(Meeting meeting) {
        if (meeting.status == Meeting.Status.STARTED) {
            return;
        }
        if (meeting.status != Meeting.Status.SCHEDULED) {
            throw ProblemException.conflict("This meeting has " + meeting.status.name().toLowerCase() + ".");
        }
        Instant now = Instant.now();
        meeting.status = Meeting.Status.STARTED;
        meeting.startedAt = now;
        meeting.updatedAt = now;
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.STARTED,
                new MeetingEvents.MeetingStarted(meeting.id.toString(), meeting.number, str(meeting.creatorId),
                        str(meeting.enterpriseId), now.toString()));
    }

    /** Ends a started meeting; a meeting not (or no longer) started is a 409. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void end(Meeting meeting, EndReason reason, Instant at) {
        if (meeting.status != Meeting.Status.STARTED || !endIfStarted(meeting, reason, at)) {
            throw ProblemException.conflict("Only a started meeting can end; this one is "
                    + meeting.status.name().toLowerCase() + ".");
        }
    }

    /**
     * Ends the meeting unless it is not started (any more): of the host, LiveKit's room_finished and
     * the sweepers of several replicas, exactly one ends it and publishes.
     *
     * @return whether this call ended it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean endIfStarted(Meeting meeting, EndReason reason, Instant at) {
        return lockStarted(meeting) && endLocked(meeting, reason, at);
    }

    /** Ends the meeting if it is still started and nobody was in it since {@code emptySince}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean endIfEmpty(Meeting meeting, Instant emptySince, Instant at) {
        if (!lockStarted(meeting)) {
            return false;
        }
        // Read under the lock: a join that committed while the sweep waited counts
        long present = AttendanceSession.count("meetingId = ?1 and (leftAt is null or leftAt > ?2)", meeting.id,
                emptySince);
        return present == 0 && endLocked(meeting, EndReason.EMPTY, at);
    }

    /*
     * The meeting row, locked until commit and read afresh: waits for joins still holding it
     * shared (they commit first, and closeAll then sees their sessions) and for another ending.
     */
    private static boolean lockStarted(Meeting meeting) {
        Meeting.getEntityManager().refresh(meeting, LockModeType.PESSIMISTIC_WRITE);
        return meeting.status == Meeting.Status.STARTED;
    }

    private boolean endLocked(Meeting meeting, EndReason reason, Instant at) {
        attendance.closeAll(meeting, AttendanceSession.LeaveReason.MEETING_ENDED, at);
        meeting.status = Meeting.Status.ENDED;
        meeting.endedAt = at;
        meeting.updatedAt = Instant.now();
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.ENDED,
                new MeetingEvents.MeetingEnded(meeting.id.toString(), meeting.number, str(meeting.creatorId),
                        str(meeting.enterpriseId), at.toString(), reason.name()));
        return true;
    }

    static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
