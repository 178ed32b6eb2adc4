package io.huiketang.meeting.meeting;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.meeting.attendance.Attendance;
import io.huiketang.meeting.attendance.AttendanceSession;
import io.huiketang.meeting.events.MeetingEvents;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;

/** Starting and ending meetings, with their events; ending closes everybody's attendance. */
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

    @Transactional(Transactional.TxType.MANDATORY)
    public void end(Meeting meeting, EndReason reason, Instant at) {
        if (meeting.status != Meeting.Status.STARTED) {
            throw ProblemException.conflict("Only a started meeting can end; this one is "
                    + meeting.status.name().toLowerCase() + ".");
        }
        attendance.closeAll(meeting, AttendanceSession.LeaveReason.MEETING_ENDED, at);
        meeting.status = Meeting.Status.ENDED;
        meeting.endedAt = at;
        meeting.updatedAt = Instant.now();
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.ENDED,
                new MeetingEvents.MeetingEnded(meeting.id.toString(), meeting.number, str(meeting.creatorId),
                        str(meeting.enterpriseId), at.toString(), reason.name()));
    }

    static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
