package io.huiketang.meeting.history;

import static io.huiketang.meeting.history.HistoryFixtures.as;
import static io.huiketang.meeting.history.HistoryFixtures.cst;
import static io.huiketang.meeting.history.HistoryFixtures.held;
import static io.huiketang.meeting.history.HistoryFixtures.notStarted;
import static io.huiketang.meeting.history.HistoryFixtures.parseCsv;
import static io.huiketang.meeting.history.HistoryFixtures.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.meeting.attendance.AttendanceSession;
import io.huiketang.meeting.meeting.Meeting;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** A creator's history as a CSV file (MTG-4). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class HistoryExportTest {

    static final String EXPORT = "/api/v1/meetings/history/export";
    static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    @Test
    void exportsOneRowPerSessionWithTotalsAsUtf8CsvWithBom() {
        UUID creator = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        Meeting review = held(creator, null, "季度复盘, \"重点\"\n第二行", cst("2024-06-01T14:00"), cst("2024-06-01T15:00"));
        session(review, alice, "=HYPERLINK(\"http://evil\")", cst("2024-06-01T14:00"), cst("2024-06-01T14:10"));
        session(review, null, "被注销的人", cst("2024-06-01T14:05"), cst("2024-06-01T14:06"));
        session(review, alice, "小李", cst("2024-06-01T14:20"), cst("2024-06-01T14:50"));
        Meeting empty = notStarted(creator, null, "+无人参加", Meeting.Status.CANCELLED, cst("2024-06-02T09:00"));
        held(UUID.randomUUID(), null, "别人的会", cst("2024-06-01T14:00"), cst("2024-06-01T15:00"));

        Response response = as(TestTokens.person(creator)).queryParam("from", "2024-06-01").queryParam("to", "2024-06-30")
                .when().get(EXPORT);
        response.then().statusCode(200).contentType("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"meeting-history_2024-06-01_2024-06-30.csv\"")
                .header("Cache-Control", "no-store");
        byte[] body = response.asByteArray();
        assertArrayEquals(BOM, Arrays.copyOf(body, 3), "the file opens with a UTF-8 byte order mark");

        List<List<String>> rows = parseCsv(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
        assertEquals(List.of(
                List.of("meeting_id", "meeting_number", "topic", "status", "start", "end", "participant_id",
                        "participant", "join", "leave", "duration_seconds", "participant_total_seconds"),
                // Newest first; a meeting nobody attended has one row with empty participant columns
                List.of(empty.id.toString(), empty.number, "'+无人参加", "CANCELLED", "", "", "", "", "", "", "", ""),
                // Topic with comma, quote and line break survives quoting; the formula-like name is defused
                List.of(review.id.toString(), review.number, "季度复盘, \"重点\"\n第二行", "ENDED", "2024-06-01 14:00:00",
                        "2024-06-01 15:00:00", alice.toString(), "'=HYPERLINK(\"http://evil\")", "2024-06-01 14:00:00",
                        "2024-06-01 14:10:00", "600", "2400"),
                // An erased participant: the fixed label and no identifier
                List.of(review.id.toString(), review.number, "季度复盘, \"重点\"\n第二行", "ENDED", "2024-06-01 14:00:00",
                        "2024-06-01 15:00:00", "", "已注销用户", "2024-06-01 14:05:00", "2024-06-01 14:06:00", "60", "60"),
                List.of(review.id.toString(), review.number, "季度复盘, \"重点\"\n第二行", "ENDED", "2024-06-01 14:00:00",
                        "2024-06-01 15:00:00", alice.toString(), "小李", "2024-06-01 14:20:00", "2024-06-01 14:50:00",
                        "1800", "2400")),
                rows);
        String raw = new String(body, StandardCharsets.UTF_8);
        assertEquals(true, raw.contains("\"季度复盘, \"\"重点\"\"\n第二行\""), "the topic is quoted with doubled quotes");
    }

    @Test
    void anEmptyRangeExportsTheHeaderOnly() {
        Response response = as(TestTokens.person(UUID.randomUUID())).queryParam("from", "2020-01-01")
                .queryParam("to", "2020-01-31").when().get(EXPORT);
        response.then().statusCode(200).contentType("text/csv; charset=UTF-8");
        byte[] body = response.asByteArray();
        assertEquals(1, parseCsv(new String(body, 3, body.length - 3, StandardCharsets.UTF_8)).size());
    }

    @Test
    void aHistoryLargerThanOneFetchStreamsEveryRow() {
        UUID creator = UUID.randomUUID();
        Meeting big = held(creator, null, "大会", cst("2024-07-01T09:00"), cst("2024-07-01T18:00"));
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 1_500; i++) {
                AttendanceSession s = new AttendanceSession();
                s.id = UUID.randomUUID();
                s.meetingId = big.id;
                s.accountId = UUID.randomUUID();
                s.displayName = "参会者" + i;
                s.joinedAt = cst("2024-07-01T09:00").plusSeconds(i);
                s.leftAt = s.joinedAt.plusSeconds(60);
                s.persist();
            }
        });

        Response response = as(TestTokens.person(creator)).queryParam("from", "2024-07-01").queryParam("to", "2024-07-01")
                .when().get(EXPORT);
        // Sent in chunks as it is written: no length known in advance
        response.then().statusCode(200).header("Transfer-Encoding", "chunked")
                .header("Content-Length", org.hamcrest.Matchers.nullValue());
        byte[] body = response.asByteArray();
        List<List<String>> rows = parseCsv(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
        assertEquals(1 + 1_500, rows.size());
        assertEquals("参会者0", rows.get(1).get(7));
        assertEquals("参会者1499", rows.get(1_500).get(7));
    }
}
