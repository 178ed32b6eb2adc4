package io.huiketang.meeting.attendance;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.huiketang.meeting.MeetingsConfig;
import io.huiketang.meeting.meeting.Meeting;
import io.huiketang.meeting.meeting.MeetingLifecycle;
import io.quarkus.scheduler.Scheduled;

/**
 * Marks participants whose heartbeats stopped as left, at their last heartbeat, and ends meetings
 * that stayed empty. Safe in several replicas: closing an already-closed session changes nothing.
 */
@ApplicationScoped
public class PresenceSweeper {

    private final Presence presence;
    private final Attendance attendance;
    private final MeetingLifecycle lifecycle;
    private final MeetingsConfig config;

    PresenceSweeper(Presence presence, Attendance attendance, MeetingLifecycle lifecycle, MeetingsConfig config) {
        this.presence = presence;
        this.attendance = attendance;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    @Scheduled(every = "${huiketang.meeting.sweep-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        closeSilentSessions(Instant.now());
        endEmptyMeetings(Instant.now());
    }

    /** @return sessions closed */
    @Transactional
    public int closeSilentSessions(Instant now) {
        List<Presence.Silent> silent = presence.silentSince(now.minus(config.heartbeatTimeout()), 500);
        int closed = 0;
        for (Presence.Silent entry : silent) {
            // Locked: replicas sweeping at once close each session (and publish its event) once
            AttendanceSession session = AttendanceSession.findById(entry.sessionId(), LockModeType.PESSIMISTIC_WRITE);
            Meeting meeting = Meeting.findById(entry.meetingId());
            if (session == null || meeting == null || !session.isOpen()) {
                presence.forget(entry.meetingId(), entry.sessionId());
                continue;
            }
            attendance.close(meeting, session, AttendanceSession.LeaveReason.TIMED_OUT, entry.lastBeat());
            closed++;
        }
        return closed;
    }

    /** @return meetings ended */
    @Transactional
    public int endEmptyMeetings(Instant now) {
        Instant emptySince = now.minus(config.emptyMeetingTimeout());
        // Started meetings nobody is in, where the last person left (or the start was) long enough ago
        List<Meeting> empty = Meeting.list("from Meeting m where m.status = ?1 and m.startedAt < ?2 and not exists "
                + "(from AttendanceSession s where s.meetingId = m.id and (s.leftAt is null or s.leftAt > ?2))",
                Meeting.Status.STARTED, emptySince);
        for (Meeting meeting : empty) {
            lifecycle.end(meeting, MeetingLifecycle.EndReason.EMPTY, now);
        }
        return empty.size();
    }
}
