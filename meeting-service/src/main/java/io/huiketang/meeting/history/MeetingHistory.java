package io.huiketang.meeting.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.meeting.attendance.AttendanceSession;
import io.huiketang.meeting.meeting.Meeting;
import io.quarkus.panache.common.Page;

/**
 * The meetings a person created, with everybody's attendance (MTG-4): one page of meetings, then
 * all their sessions in one query, grouped per participant with each person's total time.
 */
@ApplicationScoped
public class MeetingHistory {

    /** The time that places a meeting in a range: when it started, or was created if it never started. */
    static final String EFFECTIVE_TIME = "coalesce(startedAt, createdAt)";

    public record SessionView(Instant joinedAt, Instant leftAt, long durationSeconds) {
    }

    /** @param accountId null when the account was erased (then the name is the fixed label) */
    public record ParticipantView(UUID accountId, String displayName, boolean erased, long totalSeconds,
            List<SessionView> sessions) {
    }

    public record MeetingView(UUID id, String number, String topic, Meeting.Status status, Instant plannedStart,
            Instant createdAt, Instant startedAt, Instant endedAt, List<ParticipantView> participants) {
    }

    public record HistoryPage(String from, String to, int page, int size, long total, List<MeetingView> meetings) {
    }

    private final HistoryConfig config;

    MeetingHistory(HistoryConfig config) {
        this.config = config;
    }

    @Transactional
    public HistoryPage createdBy(UUID creatorId, DateRange range, int page, int size) {
        String where = "creatorId = ?1 and " + EFFECTIVE_TIME + " >= ?2 and " + EFFECTIVE_TIME + " < ?3";
        Object[] params = { creatorId, range.start(), range.endExclusive() };
        long total = Meeting.count(where, params);
        List<Meeting> meetings = Meeting.<Meeting>find(where + " order by " + EFFECTIVE_TIME + " desc, id", params)
                .page(Page.of(page, size)).list();
        Map<UUID, List<AttendanceSession>> sessions = meetings.isEmpty() ? Map.of()
                : AttendanceSession.<AttendanceSession>list("meetingId in ?1 order by joinedAt, id",
                        meetings.stream().map(m -> m.id).toList())
                        .stream().collect(Collectors.groupingBy(s -> s.meetingId));
        Instant now = Instant.now();
        List<MeetingView> views = meetings.stream().map(m -> new MeetingView(m.id, m.number, m.topic, m.status,
                m.plannedStart, m.createdAt, m.startedAt, m.endedAt,
                participants(sessions.getOrDefault(m.id, List.of()), now))).toList();
        return new HistoryPage(range.from().toString(), range.to().toString(), page, size, total, views);
    }

    /**
     * Sessions grouped per person in order of first arrival. Sessions of erased accounts cannot be
     * told apart by person, so each stands alone rather than being summed with strangers'.
     */
    List<ParticipantView> participants(List<AttendanceSession> sessions, Instant now) {
        Map<Object, List<AttendanceSession>> byPerson = new LinkedHashMap<>();
        for (AttendanceSession s : sessions) {
            byPerson.computeIfAbsent(s.accountId != null ? s.accountId : s.id, k -> new ArrayList<>()).add(s);
        }
        return byPerson.values().stream().map(own -> {
            AttendanceSession latest = own.get(own.size() - 1);
            boolean erased = latest.accountId == null;
            List<SessionView> stays = own.stream()
                    .map(s -> new SessionView(s.joinedAt, s.leftAt, seconds(s, now))).toList();
            long total = stays.stream().mapToLong(SessionView::durationSeconds).sum();
            return new ParticipantView(latest.accountId, erased ? config.erasedParticipantLabel() : latest.displayName,
                    erased, total, stays);
        }).toList();
    }

    /** Whole seconds in the meeting; a session still open counts until now. */
    static long seconds(AttendanceSession s, Instant now) {
        return Math.max(0, Duration.between(s.joinedAt, s.leftAt == null ? now : s.leftAt).getSeconds());
    }
}
