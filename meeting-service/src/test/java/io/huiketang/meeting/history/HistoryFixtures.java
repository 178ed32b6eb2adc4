package io.huiketang.meeting.history;

import static io.restassured.RestAssured.given;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.huiketang.meeting.attendance.AttendanceSession;
import io.huiketang.meeting.meeting.Meeting;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.specification.RequestSpecification;

/** Meetings and attendance written straight to the database, as the meetings core would have. */
final class HistoryFixtures {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final SecureRandom RANDOM = new SecureRandom();

    private HistoryFixtures() {
    }

    /** An instant given as a local time in Asia/Shanghai, e.g. {@code 2024-03-10T10:00}. */
    static Instant cst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A meeting that started (and, when {@code ended} is given, ended) at the given times. */
    static Meeting held(UUID creator, UUID enterprise, String topic, Instant started, Instant ended) {
        return meeting(creator, enterprise, topic, ended == null ? Meeting.Status.STARTED : Meeting.Status.ENDED,
                started.minusSeconds(600), started, ended);
    }

    /** A meeting that never started: it is placed in time by its creation. */
    static Meeting notStarted(UUID creator, UUID enterprise, String topic, Meeting.Status status, Instant created) {
        return meeting(creator, enterprise, topic, status, created, null, null);
    }

    static Meeting meeting(UUID creator, UUID enterprise, String topic, Meeting.Status status, Instant created,
            Instant started, Instant ended) {
        Meeting m = new Meeting();
        m.id = UUID.randomUUID();
        m.number = String.valueOf(100_000_000 + RANDOM.nextInt(900_000_000));
        m.topic = topic;
        m.kind = started == null ? Meeting.Kind.SCHEDULED : Meeting.Kind.INSTANT;
        m.plannedStart = started == null ? created.plusSeconds(86_400) : null;
        m.creatorId = creator;
        m.enterpriseId = enterprise;
        m.status = status;
        m.createdAt = created;
        m.updatedAt = created;
        m.startedAt = started;
        m.endedAt = ended;
        QuarkusTransaction.requiringNew().run(m::persist);
        return m;
    }

    /** One stay; {@code accountId} null stands for an erased account. */
    static AttendanceSession session(Meeting meeting, UUID accountId, String displayName, Instant joined,
            Instant left) {
        AttendanceSession s = new AttendanceSession();
        s.id = UUID.randomUUID();
        s.meetingId = meeting.id;
        s.accountId = accountId;
        s.displayName = displayName;
        s.joinedAt = joined;
        s.leftAt = left;
        s.leaveReason = left == null ? null : AttendanceSession.LeaveReason.LEFT;
        QuarkusTransaction.requiringNew().run(s::persist);
        return s;
    }

    /** Parses RFC 4180 CSV (quoted cells with commas, quotes and line breaks) into records. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !record.isEmpty()) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }
}
