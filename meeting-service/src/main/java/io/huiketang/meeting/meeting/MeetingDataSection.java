package io.huiketang.meeting.meeting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.meeting.attendance.Attendance;
import io.huiketang.meeting.attendance.AttendanceSession;
import io.huiketang.kit.privacy.PersonalDataSection;

/**
 * A person's meetings and attendance. Erasure removes the personal fields of the meetings they
 * created (creator, topic, passcode) and anonymises their attendance everywhere: other people's
 * meeting records keep a session, shown as a cancelled account, with no identifier.
 */
@ApplicationScoped
public class MeetingDataSection implements PersonalDataSection {

    /** How an erased person appears in attendance and exports. */
    public static final String ERASED_NAME = "已注销用户";
    static final String ERASED_TOPIC = "（已删除）";

    public record CreatedMeeting(String id, String number, String topic, String status, Instant plannedStart,
            Instant startedAt, Instant endedAt, Instant createdAt) {
    }

    public record Attended(String meetingId, String displayName, Instant joinedAt, Instant leftAt, String leaveReason) {
    }

    public record Export(List<CreatedMeeting> created, List<Attended> attendance) {
    }

    private final ObjectMapper json;
    private final Attendance attendance;

    MeetingDataSection(ObjectMapper json, Attendance attendance) {
        this.json = json;
        this.attendance = attendance;
    }

    @Override
    public String name() {
        return "meetings";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<CreatedMeeting> created = Meeting.<Meeting>list("creatorId = ?1 order by createdAt", accountId).stream()
                .map(m -> new CreatedMeeting(m.id.toString(), m.number, m.topic, m.status.name(), m.plannedStart,
                        m.startedAt, m.endedAt, m.createdAt))
                .toList();
        List<Attended> attended = AttendanceSession.<AttendanceSession>list("accountId = ?1 order by joinedAt", accountId)
                .stream().map(s -> new Attended(s.meetingId.toString(), s.displayName, s.joinedAt, s.leftAt,
                        s.leaveReason == null ? null : s.leaveReason.name()))
                .toList();
        return json.valueToTree(new Export(created, attended));
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        // Someone erased while in a meeting leaves it first, with the usual event
        Instant now = Instant.now();
        for (AttendanceSession open : AttendanceSession.<AttendanceSession>list("accountId = ?1 and leftAt is null",
                accountId)) {
            attendance.close(Meeting.findById(open.meetingId), open, AttendanceSession.LeaveReason.LEFT, now);
        }
        long sessions = AttendanceSession.update("accountId = null, displayName = ?1 where accountId = ?2",
                ERASED_NAME, accountId);
        long meetings = Meeting.update("creatorId = null, topic = ?1, passcodeHash = null, updatedAt = ?2 "
                + "where creatorId = ?3", ERASED_TOPIC, now, accountId);
        return Map.of("attendance_session", sessions, "meeting", meetings);
    }
}
