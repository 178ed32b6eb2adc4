package io.huiketang.recording.meetings;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;
import io.huiketang.recording.recording.NoticeEntry;
import io.huiketang.recording.recording.Recording;
import io.huiketang.recording.recording.Recordings;

/**
 * The local read model of {@code meeting.events} (once per event: platform-kit's inbox): meetings
 * with their creator and enterprise and whether they are ongoing, and who is present. A join while a
 * recording runs is notified; a leave is written into the evidence; a meeting's end stops its recording.
 * Events of one meeting arrive in order (keyed by meeting id); a repeated transition changes nothing.
 */
@ApplicationScoped
public class MeetingEventsHandler implements EventHandler {

    public static final String TOPIC = "meeting.events";
    static final String SCHEDULED = "huiketang.meeting.meeting-scheduled.v1";
    static final String STARTED = "huiketang.meeting.meeting-started.v1";
    static final String ENDED = "huiketang.meeting.meeting-ended.v1";
    static final String CANCELLED = "huiketang.meeting.meeting-cancelled.v1";
    static final String JOINED = "huiketang.meeting.participant-joined.v1";
    static final String LEFT = "huiketang.meeting.participant-left.v1";

    private final Recordings recordings;

    MeetingEventsHandler(Recordings recordings) {
        this.recordings = recordings;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public void handle(ConsumedEvent event) {
        JsonNode data = event.data();
        switch (event.type()) {
            case SCHEDULED -> meeting(data, MeetingCopy.Status.SCHEDULED);
            case STARTED -> {
                MeetingCopy meeting = meeting(data, MeetingCopy.Status.STARTED);
                meeting.startedAt = time(data, "startedAt");
            }
            case ENDED -> ended(data);
            case CANCELLED -> meeting(data, MeetingCopy.Status.CANCELLED);
            case JOINED -> joined(data);
            case LEFT -> left(data);
            default -> {
                // other meeting events (passcode locks) say nothing about recordings
            }
        }
    }

    private static MeetingCopy meeting(JsonNode data, MeetingCopy.Status status) {
        UUID id = uuid(data, "meetingId");
        MeetingCopy meeting = MeetingCopy.findById(id);
        if (meeting == null) {
            meeting = new MeetingCopy();
            meeting.meetingId = id;
            meeting.status = status;
        } else if (meeting.status == MeetingCopy.Status.ENDED || meeting.status == MeetingCopy.Status.CANCELLED) {
            return meeting; // over is final
        }
        meeting.number = data.path("number").asText();
        meeting.creatorId = uuid(data, "creatorId");
        meeting.enterpriseId = uuid(data, "enterpriseId");
        meeting.status = status;
        meeting.persist();
        return meeting;
    }

    private void ended(JsonNode data) {
        MeetingCopy meeting = meeting(data, MeetingCopy.Status.ENDED);
        Instant endedAt = time(data, "endedAt");
        meeting.endedAt = endedAt;
        // Everyone still present leaves with the end (their participant-left may follow; it changes nothing more)
        NoticeEntry.update("leftAt = ?1 where leftAt is null and sessionId in (select p.sessionId from MeetingPresence p "
                + "where p.meetingId = ?2 and p.leftAt is null)", endedAt, meeting.meetingId);
        MeetingPresence.update("leftAt = ?1 where meetingId = ?2 and leftAt is null", endedAt, meeting.meetingId);
        Recording running = Recording.running(meeting.meetingId);
        if (running != null) {
            recordings.stop(running, Recording.StopReason.MEETING_ENDED, endedAt);
        }
    }

    private void joined(JsonNode data) {
        UUID sessionId = uuid(data, "sessionId");
        if (MeetingPresence.findById(sessionId) != null) {
            return;
        }
        MeetingPresence session = new MeetingPresence();
        session.sessionId = sessionId;
        session.meetingId = uuid(data, "meetingId");
        session.accountId = uuid(data, "accountId");
        session.host = data.path("host").asBoolean(false);
        session.joinedAt = time(data, "joinedAt");
        session.persist();
        MeetingCopy meeting = MeetingCopy.findById(session.meetingId);
        if (meeting != null && meeting.status == MeetingCopy.Status.STARTED) {
            recordings.joined(session);
        }
    }

    private static void left(JsonNode data) {
        UUID sessionId = uuid(data, "sessionId");
        Instant leftAt = time(data, "leftAt");
        MeetingPresence session = MeetingPresence.findById(sessionId);
        if (session == null) {
            session = new MeetingPresence();
            session.sessionId = sessionId;
            session.meetingId = uuid(data, "meetingId");
            session.accountId = uuid(data, "accountId");
            session.host = false;
            session.joinedAt = time(data, "joinedAt");
            session.leftAt = leftAt;
            session.persist();
        } else if (session.leftAt == null) {
            session.leftAt = leftAt;
        }
        NoticeEntry.update("leftAt = ?1 where sessionId = ?2 and leftAt is null", leftAt, sessionId);
    }

    private static UUID uuid(JsonNode data, String field) {
        JsonNode value = data.path(field);
        return value.isTextual() ? UUID.fromString(value.asText()) : null;
    }

    private static Instant time(JsonNode data, String field) {
        return OffsetDateTime.parse(data.path(field).asText()).toInstant();
    }
}
