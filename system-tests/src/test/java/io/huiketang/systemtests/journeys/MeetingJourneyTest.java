package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Csv;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Journey 2: a person creates a meeting with a passcode, a second person joins with its number,
 * both drop out and come back, and the creator's CSV export shows both with every session and
 * their totals.
 */
class MeetingJourneyTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private final Client app = Platform.get().client();

    @Test
    void twoPeopleMeetLeaveRejoinAndTheCreatorsExportShowsEverySession() throws Exception {
        Person host = app.registerAdult("主持人");
        Person guest = app.registerAdult("参会者");
        String hostToken = host.token();
        String guestToken = guest.token();

        JsonNode meeting = app.post("/api/v1/meetings", hostToken,
                Map.of("topic", "季度复盘", "kind", "INSTANT", "passcode", "246810")).expect(201);
        String id = meeting.get("id").asText();
        String number = meeting.get("number").asText();
        assertTrue(number.matches("[0-9]{9}"), number);

        app.post("/api/v1/meetings/join", guestToken, Map.of("number", number, "passcode", "000000")).expectProblem(403);
        for (int round = 0; round < 2; round++) {
            JsonNode hostJoined = app.post("/api/v1/meetings/join", hostToken,
                    Map.of("number", number, "passcode", "246810")).expect(200);
            assertTrue(hostJoined.get("host").asBoolean());
            JsonNode guestJoined = app.post("/api/v1/meetings/join", guestToken,
                    Map.of("number", number, "passcode", "246810", "displayName", "小王")).expect(200);
            assertLiveKitToken(guestJoined.get("media"), number, guest.accountId());
            Thread.sleep(1100); // sessions of at least a second, so that durations and totals are not all zero
            app.post("/api/v1/meetings/" + id + "/leave", guestToken, Map.of()).expect(204);
            app.post("/api/v1/meetings/" + id + "/leave", hostToken, Map.of()).expect(204);
        }

        JsonNode attendance = app.get("/api/v1/meetings/" + id + "/attendance", hostToken).expect(200);
        assertEquals(2, attendance.get("participants").size());
        attendance.get("participants").forEach(p -> assertEquals(2, p.get("sessions").size(), p.toString()));

        LocalDate today = LocalDate.now(CHINA);
        Answer export = app.get("/api/v1/meetings/history/export?from=" + today.minusDays(1) + "&to=" + today.plusDays(1),
                hostToken);
        export.expect(200);
        assertTrue(export.header("Content-Type").startsWith("text/csv"), export.header("Content-Type"));
        assertTrue(export.body().startsWith("\uFEFF"), "UTF-8 with a byte order mark");
        List<Map<String, String>> rows = Csv.rows(export.body().substring(1));
        List<Map<String, String>> ours = rows.stream().filter(r -> id.equals(r.get("meeting_id"))).toList();
        assertEquals(4, ours.size(), "one row per session: " + ours);
        for (String person : List.of(host.accountId(), guest.accountId())) {
            List<Map<String, String>> sessions = ours.stream().filter(r -> person.equals(r.get("participant_id"))).toList();
            assertEquals(2, sessions.size(), person + " in " + ours);
            long sum = sessions.stream().mapToLong(r -> Long.parseLong(r.get("duration_seconds"))).sum();
            assertTrue(sum >= 2, "two sessions of at least a second each: " + sessions);
            sessions.forEach(r -> {
                assertEquals(Long.toString(sum), r.get("participant_total_seconds"), r.toString());
                assertEquals("季度复盘", r.get("topic"));
                assertTrue(!r.get("join").isEmpty() && !r.get("leave").isEmpty(), r.toString());
            });
        }
        assertTrue(ours.stream().anyMatch(r -> "小王".equals(r.get("participant"))), ours.toString());
    }

    /** The LiveKit join token is for this room and this person (its signature is LiveKit's business). */
    private static void assertLiveKitToken(JsonNode media, String room, String accountId) throws Exception {
        assertEquals(room, media.get("room").asText());
        String[] jwt = media.get("token").asText().split("\\.");
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertEquals(accountId, claims.get("sub").asText());
        assertEquals(room, claims.get("video").get("room").asText());
        assertTrue(claims.get("video").get("roomJoin").asBoolean());
    }
}
