package io.huiketang.meeting.media;

import static io.huiketang.meeting.support.LiveKitWebhooks.participantEvent;
import static io.huiketang.meeting.support.LiveKitWebhooks.send;
import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Late and out-of-order LiveKit webhooks are matched to the media connection (participant sid) and its time. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class LiveKitWebhookOrderTest {

    @Test
    void aLateLeftOfAnEarlierConnectionDoesNotCloseTheCurrentSession() {
        UUID guestId = UUID.randomUUID();
        String guest = TestTokens.person(guestId);
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "迟到的离开", null);
        String room = meeting.getString("number");
        String first = join(guest, room, null, "冯二").getString("sessionId");
        send(participantEvent("participant_joined", room, guestId.toString(), "PA_first" + guestId, first,
                Instant.now())).then().statusCode(204);
        String second = join(guest, room, null, "冯二").getString("sessionId");
        send(participantEvent("participant_joined", room, guestId.toString(), "PA_second" + guestId, second,
                Instant.now())).then().statusCode(204);

        // The first connection's left arrives only now
        send(participantEvent("participant_left", room, guestId.toString(), "PA_first" + guestId, first,
                Instant.now())).then().statusCode(204);

        List<Map<String, Object>> sessions = sessionsOf(host, meeting.getString("id"), guestId);
        assertEquals(2, sessions.size());
        assertEquals("REJOINED", sessions.get(0).get("leaveReason"));
        assertEquals(second, sessions.get(1).get("sessionId"));
        assertNull(sessions.get(1).get("leftAt"), "the current session stays open");
    }

    @Test
    void aLeftStampedBeforeTheCurrentSessionBeganDoesNotCloseIt() {
        UUID guestId = UUID.randomUUID();
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "早于加入的离开", null);
        Instant earlierConnectionLeft = Instant.now().minusSeconds(30);
        join(TestTokens.person(guestId), meeting.getString("number"), null, "陈三");

        // A connection the media knew before this session, reported without a session attribute
        send(participantEvent("participant_left", meeting.getString("number"), guestId.toString(), "PA_old" + guestId,
                null, earlierConnectionLeft)).then().statusCode(204);

        List<Map<String, Object>> sessions = sessionsOf(host, meeting.getString("id"), guestId);
        assertEquals(1, sessions.size());
        assertNull(sessions.get(0).get("leftAt"));
    }

    @Test
    void aJoinedDeliveredAfterItsLeftOpensNoGhostSession() {
        UUID someone = UUID.randomUUID();
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "乱序加入", null);
        String room = meeting.getString("number");
        Instant joinedAt = Instant.now().minusSeconds(20);
        send(participantEvent("participant_left", room, someone.toString(), "PA_ghost" + someone, null,
                joinedAt.plusSeconds(10))).then().statusCode(204);
        send(participantEvent("participant_joined", room, someone.toString(), "PA_ghost" + someone, null, joinedAt))
                .then().statusCode(204);

        JsonPath attendance = as(host).when().get("/api/v1/meetings/" + meeting.getString("id") + "/attendance")
                .then().statusCode(200).extract().jsonPath();
        List<Object> open = attendance.getList("participants.findAll { it.accountId == '" + someone
                + "' }.sessions.flatten().findAll { it.leftAt == null }");
        assertEquals(0, open.size(), "no open session for a connection that already left");
    }

    private static List<Map<String, Object>> sessionsOf(String viewer, String meetingId, UUID accountId) {
        return as(viewer).when().get("/api/v1/meetings/" + meetingId + "/attendance").then().statusCode(200)
                .extract().jsonPath().getList("participants.find { it.accountId == '" + accountId + "' }.sessions");
    }
}
