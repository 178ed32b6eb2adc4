package io.huiketang.meeting.events;

/** What meeting-service publishes on {@code meeting.events} (schemas in platform-kit): ids and times only. */
public final class MeetingEvents {

    public static final String TOPIC = "meeting.events";

    public static final String SCHEDULED = "huiketang.meeting.meeting-scheduled.v1";
    public static final String STARTED = "huiketang.meeting.meeting-started.v1";
    public static final String ENDED = "huiketang.meeting.meeting-ended.v1";
    public static final String CANCELLED = "huiketang.meeting.meeting-cancelled.v1";
    public static final String PARTICIPANT_JOINED = "huiketang.meeting.participant-joined.v1";
    public static final String PARTICIPANT_LEFT = "huiketang.meeting.participant-left.v1";
    public static final String PASSCODE_LOCKED = "huiketang.meeting.passcode-locked.v1";

    public record MeetingScheduled(String meetingId, String number, String kind, String creatorId, String enterpriseId,
            String plannedStart, String scheduledAt) {
    }

    public record MeetingStarted(String meetingId, String number, String creatorId, String enterpriseId,
            String startedAt) {
    }

    /** @param reason HOST, ENTERPRISE_ADMIN, EMPTY or MEDIA_ROOM_FINISHED */
    public record MeetingEnded(String meetingId, String number, String creatorId, String enterpriseId, String endedAt,
            String reason) {
    }

    public record MeetingCancelled(String meetingId, String number, String creatorId, String enterpriseId,
            String cancelledAt) {
    }

    public record ParticipantJoined(String meetingId, String number, String accountId, String sessionId,
            String joinedAt, boolean host) {
    }

    public record ParticipantLeft(String meetingId, String number, String accountId, String sessionId, String joinedAt,
            String leftAt, long durationSeconds, String reason) {
    }

    /**
     * Wrong passcodes reached a limit and joining the meeting is locked, for one caller or for
     * everyone, until {@code lockedUntil}; never the passcodes tried.
     *
     * @param scope     CALLER or MEETING
     * @param accountId the caller whose wrong passcode started the lock
     */
    public record PasscodeLocked(String meetingId, String number, String scope, String accountId, int wrongAttempts,
            String window, String lockedAt, String lockedUntil) {
    }

    private MeetingEvents() {
    }
}
