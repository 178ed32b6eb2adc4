package io.huiketang.meeting.attendance;

import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.meeting.events.MeetingEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Joining, leaving, rejoining and timing out; who sees the attendance (MTG-2, MTG-3, MTG-7). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class AttendanceTest {

    @Inject
    PresenceSweeper sweeper;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void joiningWithNumberAndPasscodeGivesALiveKitTokenForThatRoomAndPerson() {
        UUID guestId = UUID.randomUUID();
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "产品评审", "246810");
        JsonPath joined = join(TestTokens.person(guestId), meeting.getString("number"), "246810", "李四");
        assertFalse(joined.getBoolean("host"));
        assertEquals(meeting.getString("number"), joined.getString("media.room"));
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(
                joined.getString("media.token").split("\\.")[1]), StandardCharsets.UTF_8));
        assertEquals(guestId.toString(), claims.getString("sub"));
        assertEquals(meeting.getString("number"), claims.getString("video.room"));
        assertTrue(claims.getBoolean("video.roomJoin"));
        assertEquals(joined.getString("sessionId"), claims.getString("attributes.'huiketang.session'"),
                "LiveKit reports the session in its webhooks");
        assertNotEquals(Boolean.TRUE, claims.get("video.roomAdmin"), "only the host administers the room");

        JsonPath hostJoin = join(host, meeting.getString("number"), "246810", "主持人");
        JsonPath hostClaims = JsonPath.from(new String(Base64.getUrlDecoder().decode(
                hostJoin.getString("media.token").split("\\.")[1]), StandardCharsets.UTF_8));
        assertTrue(hostClaims.getBoolean("video.roomAdmin"));
        assertTrue(hostClaims.getBoolean("video.roomRecord"));
    }

    @Test
    void joinPicksTheEdgeForTheClientsNetworkAndWritesTheNetworkLog() throws Exception {
        UUID guestId = UUID.randomUUID();
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "跨地域", null);
        as(TestTokens.person(guestId)).header("X-Forwarded-For", "203.0.113.7")
                .body(Map.of("number", meeting.getString("number"))).when().post("/api/v1/meetings/join")
                .then().statusCode(200)
                .body("media.region", equalTo("cn-east"))
                .body("media.url", equalTo("wss://cn-east.edge.test.huiketang.local"));
        try (var connection = dataSource.getConnection();
                var select = connection.prepareStatement(
                        "SELECT host(ip), region FROM connection_log WHERE account_id = ? AND meeting_id = ?")) {
            select.setObject(1, guestId);
            select.setObject(2, UUID.fromString(meeting.getString("id")));
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next(), "a connection log entry");
                assertEquals("203.0.113.7", rs.getString(1));
                assertEquals("cn-east", rs.getString(2));
            }
        }
    }

    @Test
    void wrongPasscodeUnknownNumberAndMalformedNumberAreProblems() {
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "保密会", "135790");
        String guest = TestTokens.person(UUID.randomUUID());
        as(guest).body(Map.of("number", meeting.getString("number"), "passcode", "000000"))
                .when().post("/api/v1/meetings/join").then().statusCode(403).contentType("application/problem+json");
        as(guest).body(Map.of("number", meeting.getString("number")))
                .when().post("/api/v1/meetings/join").then().statusCode(403);
        as(guest).body(Map.of("number", "000000001")).when().post("/api/v1/meetings/join").then().statusCode(404);
        as(guest).body(Map.of("number", "12-34")).when().post("/api/v1/meetings/join")
                .then().statusCode(400).body("errors[0].field", equalTo("number"));
        as(TestTokens.childAwaitingConsent(UUID.randomUUID())).body(Map.of("number", meeting.getString("number"),
                "passcode", "135790")).when().post("/api/v1/meetings/join").then().statusCode(403);
    }

    @Test
    void endedMeetingCannotBeJoined() {
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "已结束", null);
        as(host).when().post("/api/v1/meetings/" + meeting.getString("id") + "/end").then().statusCode(200);
        as(TestTokens.person(UUID.randomUUID())).body(Map.of("number", meeting.getString("number")))
                .when().post("/api/v1/meetings/join").then().statusCode(404);
    }

    @Test
    void leavingAndRejoiningGivesSeveralSessionsAndTheirTotal() {
        UUID guestId = UUID.randomUUID();
        String host = TestTokens.person(UUID.randomUUID());
        String guest = TestTokens.person(guestId);
        JsonPath meeting = createInstant(host, "反复进出", null);
        String id = meeting.getString("id");
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            join(guest, meeting.getString("number"), null, "王五");
            as(guest).when().post("/api/v1/meetings/" + id + "/leave").then().statusCode(204);
            join(guest, meeting.getString("number"), null, "王五");
            as(guest).when().post("/api/v1/meetings/" + id + "/leave").then().statusCode(204);
            as(guest).when().post("/api/v1/meetings/" + id + "/leave").then().statusCode(404);

            JsonPath attendance = as(guest).when().get("/api/v1/meetings/" + id + "/attendance")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> people = attendance.getList("participants");
            assertEquals(1, people.size());
            assertEquals(2, attendance.getList("participants[0].sessions").size());
            long total = attendance.getLong("participants[0].totalSeconds");
            long sum = attendance.getLong("participants[0].sessions[0].durationSeconds")
                    + attendance.getLong("participants[0].sessions[1].durationSeconds");
            assertEquals(sum, total);
            as(TestTokens.person(UUID.randomUUID())).when().get("/api/v1/meetings/" + id + "/attendance")
                    .then().statusCode(404);

            long joinedLeft = events.readUntil(rs -> rs.stream().filter(r -> id.equals(r.key()))
                    .map(PublishedEvents::assertValid).filter(e -> e.type().startsWith("huiketang.meeting.participant"))
                    .count() >= 4, Duration.ofSeconds(20)).stream().filter(r -> id.equals(r.key()))
                    .map(PublishedEvents::assertValid).filter(e -> guestId.toString().equals(e.data().path("accountId").asText()))
                    .count();
            assertEquals(4, joinedLeft);
        }
    }

    @Test
    void silentParticipantIsMarkedAsLeftAtTheLastHeartbeatAndAnEmptyMeetingEnds() {
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "掉线", null);
        String id = meeting.getString("id");
        join(host, meeting.getString("number"), null, "主持人");
        as(host).when().post("/api/v1/meetings/" + id + "/heartbeat").then().statusCode(204);

        // An hour later nobody has sent a heartbeat: the session closes at its last one
        Instant later = Instant.now().plus(Duration.ofHours(1));
        assertTrue(sweeper.closeSilentSessions(later) >= 1);
        JsonPath attendance = as(host).when().get("/api/v1/meetings/" + id + "/attendance").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("TIMED_OUT", attendance.getString("participants[0].sessions[0].leaveReason"));
        Instant leftAt = Instant.parse(attendance.getString("participants[0].sessions[0].leftAt"));
        assertTrue(leftAt.isBefore(Instant.now().plusSeconds(1)), "left at the last heartbeat, not at the sweep");
        as(host).when().post("/api/v1/meetings/" + id + "/heartbeat").then().statusCode(404);

        assertTrue(sweeper.endEmptyMeetings(later) >= 1);
        as(host).when().get("/api/v1/meetings/" + id).then().statusCode(200).body("status", equalTo("ENDED"));
    }

    @Test
    void simultaneousJoinsOfOnePersonLeaveExactlyOneOpenSession() throws Exception {
        String person = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "多端同时加入", null);
        java.util.concurrent.ExecutorService devices = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(devices.submit(() -> as(person).body(Map.of("number", meeting.getString("number")))
                    .when().post("/api/v1/meetings/join").statusCode()));
        }
        for (var answer : answers) {
            assertEquals(200, answer.get());
        }
        devices.shutdown();
        JsonPath attendance = as(person).when().get("/api/v1/meetings/" + meeting.getString("id") + "/attendance")
                .then().statusCode(200).extract().jsonPath();
        List<Object> stillOpen = attendance.getList("participants[0].sessions.findAll { it.leftAt == null }");
        assertEquals(1, stillOpen.size());
        assertEquals(6, attendance.getList("participants[0].sessions").size());
    }

    @Test
    void endingAMeetingClosesEverybodysSession() {
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "全员结束", null);
        String guest = TestTokens.person(UUID.randomUUID());
        join(guest, meeting.getString("number"), null, "赵六");
        as(host).when().post("/api/v1/meetings/" + meeting.getString("id") + "/end").then().statusCode(200);
        as(guest).when().get("/api/v1/meetings/" + meeting.getString("id") + "/attendance").then().statusCode(200)
                .body("participants[0].sessions[0].leaveReason", equalTo("MEETING_ENDED"));
    }
}
