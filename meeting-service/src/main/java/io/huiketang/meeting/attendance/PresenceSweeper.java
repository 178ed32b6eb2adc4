package io.huiketang.meeting.attendance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.huiketang.meeting.MeetingsConfig;
import io.huiketang.meeting.meeting.Meeting;
import io.huiketang.meeting.meeting.MeetingLifecycle;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Marks participants whose heartbeats stopped as left, at their last heartbeat, and ends meetings
 * that stayed empty. Each session and each meeting is its own short transaction, its presence
 * removed only after it committed: a sweep that fails or is killed midway leaves every session
 * either closed or still present (the next sweep takes it). Safe in several replicas: closing and
 * ending are conditional, so each happens (and is published) once.
 */
@ApplicationScoped
public class PresenceSweeper {

    private static final Logger LOG = Logger.getLogger(PresenceSweeper.class);

    private final Presence presence;
    private final Attendance attendance;
    private final MeetingLifecycle lifecycle;
    private final MeetingsConfig config;
    private final PresenceConfig presenceConfig;

    PresenceSweeper(Presence presence, Attendance attendance, MeetingLifecycle lifecycle, MeetingsConfig config,
            PresenceConfig presenceConfig) {
        this.presence = presence;
        this.attendance = attendance;
        this.lifecycle = lifecycle;
        this.config = config;
        this.presenceConfig = presenceConfig;
    }

    @Scheduled(every = "${huiketang.meeting.sweep-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        closeSilentSessions(Instant.now());
        endEmptyMeetings(Instant.now());
    }

    /** @return sessions closed */
    public int closeSilentSessions(Instant now) {
        Instant before = now.minus(config.heartbeatTimeout());
        int closed = 0;
        for (Presence.Silent entry : presence.silentSince(before, presenceConfig.sweepBatchSize())) {
            try {
                closed += QuarkusTransaction.requiringNew().call(() -> closeSilent(entry, before)) ? 1 : 0;
            } catch (RuntimeException e) {
                // This session stays open and present: a later sweep tries again; the others go on
                LOG.warnf("A silent session could not be closed (%s)", e.getClass().getSimpleName());
            }
        }
        return closed;
    }

    private boolean closeSilent(Presence.Silent entry, Instant before) {
        AttendanceSession session = AttendanceSession.findById(entry.sessionId());
        Meeting meeting = Meeting.findById(entry.meetingId());
        if (session == null || meeting == null || !session.isOpen()) {
            presence.forgetAfterCommit(entry.meetingId(), entry.sessionId());
            return false;
        }
        Instant lastBeat = presence.lastBeat(entry.meetingId(), entry.sessionId());
        if (lastBeat != null && lastBeat.isAfter(before)) {
            return false; // a heartbeat came in since the sweep read the set
        }
        return attendance.close(meeting, session, AttendanceSession.LeaveReason.TIMED_OUT, entry.lastBeat());
    }

    /** @return meetings ended */
    public int endEmptyMeetings(Instant now) {
        Instant emptySince = now.minus(config.emptyMeetingTimeout());
        List<UUID> candidates = QuarkusTransaction.requiringNew().call(() -> Meeting.<Meeting> list(
                "from Meeting m where m.status = ?1 and m.startedAt < ?2 and not exists "
                        + "(from AttendanceSession s where s.meetingId = m.id and (s.leftAt is null or s.leftAt > ?2))",
                Meeting.Status.STARTED, emptySince).stream().map(m -> m.id).toList());
        int ended = 0;
        for (UUID id : candidates) {
            try {
                ended += QuarkusTransaction.requiringNew().call(() -> {
                    Meeting meeting = Meeting.findById(id);
                    return meeting != null && lifecycle.endIfEmpty(meeting, emptySince, now);
                }) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.warnf("An empty meeting could not be ended (%s)", e.getClass().getSimpleName());
            }
        }
        return ended;
    }
}
