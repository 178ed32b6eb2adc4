package io.huiketang.recording.recording;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.recording.RecordingsConfig;
import io.huiketang.recording.cloud.StorageQuota;
import io.huiketang.recording.meetings.MeetingCopy;
import io.huiketang.recording.meetings.MeetingPresence;

/**
 * Starting and stopping recordings, and the notices that go with them (REC-1, REC-2): everyone present
 * when one starts is notified, and so is each session that joins while it runs. Each change publishes
 * its event through the outbox in the same transaction.
 */
@ApplicationScoped
public class Recordings {

    private final RecordingsConfig config;
    private final Outbox outbox;
    private final StorageQuota quota;

    Recordings(RecordingsConfig config, Outbox outbox, StorageQuota quota) {
        this.config = config;
        this.outbox = outbox;
        this.quota = quota;
    }

    /** Starts a recording of an ongoing meeting; the caller has been checked to be its host. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Recording start(MeetingCopy meeting, UUID startedBy, Recording.Kind kind) {
        // Ongoing-ness and "one at a time" are decided under the meeting's row lock: an ending or a
        // second start waits for this transaction
        MeetingCopy.getEntityManager().refresh(meeting, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (meeting.status != MeetingCopy.Status.STARTED) {
            throw ProblemException.conflict(meeting.status == MeetingCopy.Status.SCHEDULED
                    ? "The meeting has not started; a recording can start once it is ongoing."
                    : "The meeting is over; only an ongoing meeting can be recorded.");
        }
        if (Recording.running(meeting.meetingId) != null) {
            throw ProblemException.conflict("A recording of this meeting is already running; stop it first.");
        }
        if (kind == Recording.Kind.CLOUD) {
            quota.requireRoom(meeting.creatorId);
        }
        Instant now = Instant.now();
        Recording recording = new Recording();
        recording.id = UUID.randomUUID();
        recording.meetingId = meeting.meetingId;
        recording.kind = kind;
        recording.ownerId = meeting.creatorId;
        recording.enterpriseId = meeting.enterpriseId;
        recording.startedBy = startedBy;
        recording.status = Recording.Status.RUNNING;
        recording.startedAt = now;
        recording.notice = kind == Recording.Kind.CLOUD ? config.notice().cloud() : config.notice().local();
        recording.persist();
        for (MeetingPresence present : MeetingPresence.present(meeting.meetingId)) {
            notify(recording, present, now);
        }
        outbox.publish(RecordingEvents.TOPIC, "meeting", meeting.meetingId.toString(), RecordingEvents.STARTED,
                new RecordingEvents.RecordingStarted(recording.id.toString(), meeting.meetingId.toString(),
                        kind.name(), startedBy.toString(), now.toString(), recording.notice));
        return recording;
    }

    /** Stops a running recording; false when it was not running (the other transition won). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean stop(Recording recording, Recording.StopReason reason, Instant at) {
        int changed = Recording.update("status = ?1, stoppedAt = ?2, stopReason = ?3 where id = ?4 and status = ?5",
                Recording.Status.STOPPED, at, reason, recording.id, Recording.Status.RUNNING);
        if (changed == 0) {
            return false;
        }
        Recording.getEntityManager().refresh(recording);
        outbox.publish(RecordingEvents.TOPIC, "meeting", recording.meetingId.toString(), RecordingEvents.STOPPED,
                new RecordingEvents.RecordingStopped(recording.id.toString(), recording.meetingId.toString(),
                        recording.kind.name(), at.toString(), reason.name()));
        return true;
    }

    /** A session that joined while a recording runs is notified too. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void joined(MeetingPresence session) {
        Recording running = Recording.running(session.meetingId);
        if (running != null) {
            notify(running, session, Instant.now());
        }
    }

    private static void notify(Recording recording, MeetingPresence session, Instant at) {
        NoticeEntry.getEntityManager().createNativeQuery("INSERT INTO recording_notice "
                + "(id, recording_id, session_id, account_id, channel, notified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                + "ON CONFLICT (recording_id, session_id) DO NOTHING")
                .setParameter(1, UUID.randomUUID()).setParameter(2, recording.id).setParameter(3, session.sessionId)
                .setParameter(4, session.accountId).setParameter(5, NoticeEntry.Channel.IN_APP.name())
                .setParameter(6, at).executeUpdate();
    }
}
