package io.huiketang.meeting.media;

import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.livekit.server.AccessToken;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** LiveKit's signed webhooks, signed here with the LiveKit SDK as the SFU signs them. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class LiveKitWebhookTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "local-development-livekit-secret-not-for-production";

    @Test
    void participantLeftClosesTheSessionOnceEvenWhenRedelivered() throws Exception {
        UUID guestId = UUID.randomUUID();
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "媒体离开", null);
        join(TestTokens.person(guestId), meeting.getString("number"), null, "孙七");
        String body = event("participant_left", meeting.getString("number"), guestId.toString(), "EV_" + UUID.randomUUID());

        send(body, sign(body)).then().statusCode(204);
        send(body, sign(body)).then().statusCode(204);

        as(host).when().get("/api/v1/meetings/" + meeting.getString("id") + "/attendance").then().statusCode(200)
                .body("participants.find { it.accountId == '" + guestId + "' }.sessions.size()", equalTo(1))
                .body("participants.find { it.accountId == '" + guestId + "' }.sessions[0].leaveReason",
                        equalTo("MEDIA_LEFT"));
    }

    @Test
    void participantWhoJoinedThroughTheMediaOnlyIsRecorded() throws Exception {
        UUID someone = UUID.randomUUID();
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "媒体加入", null);
        String body = event("participant_joined", meeting.getString("number"), someone.toString(), "EV_" + UUID.randomUUID());
        send(body, sign(body)).then().statusCode(204);
        as(host).when().get("/api/v1/meetings/" + meeting.getString("id") + "/attendance").then().statusCode(200)
                .body("participants.find { it.accountId == '" + someone + "' }.sessions.size()", equalTo(1))
                .body("participants.find { it.accountId == '" + someone + "' }.sessions[0].leftAt", equalTo(null));
    }

    @Test
    void roomFinishedEndsTheMeeting() throws Exception {
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "房间结束", null);
        String body = "{\"event\":\"room_finished\",\"id\":\"EV_" + UUID.randomUUID() + "\",\"room\":{\"name\":\""
                + meeting.getString("number") + "\"},\"createdAt\":\"" + (System.currentTimeMillis() / 1000) + "\"}";
        send(body, sign(body)).then().statusCode(204);
        as(host).when().get("/api/v1/meetings/" + meeting.getString("id")).then().body("status", equalTo("ENDED"));
    }

    @Test
    void unsignedOrTamperedWebhookIsRefused() throws Exception {
        String body = event("participant_left", "123456789", UUID.randomUUID().toString(), "EV_x");
        send(body, null).then().statusCode(401).contentType("application/problem+json");
        send(body.replace("123456789", "987654321"), sign(body)).then().statusCode(401);
    }

    private static String event(String type, String room, String identity, String id) {
        return "{\"event\":\"" + type + "\",\"id\":\"" + id + "\",\"room\":{\"name\":\"" + room + "\"},"
                + "\"participant\":{\"identity\":\"" + identity + "\",\"name\":\"媒体用户\"},\"createdAt\":\""
                + (System.currentTimeMillis() / 1000) + "\"}";
    }

    /** What LiveKit sends in Authorization: a token whose sha256 claim is the body's hash. */
    private static String sign(String body) throws Exception {
        AccessToken token = new AccessToken(KEY, SECRET);
        token.setSha256(Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
        return token.toJwt();
    }

    private static io.restassured.response.Response send(String body, String authorization) {
        var request = given().contentType("application/webhook+json").body(body.getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.when().post("/webhooks/livekit");
    }
}
