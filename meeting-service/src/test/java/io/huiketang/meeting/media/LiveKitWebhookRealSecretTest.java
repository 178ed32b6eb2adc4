package io.huiketang.meeting.media;

import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.meeting.support.LiveKitWebhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A service with its own LiveKit secret (as production must have) refuses a webhook signed with
 * the built-in one (issue 11: an anonymous room_finished signed with it ended a meeting).
 */
@QuarkusTest
@TestProfile(LiveKitWebhookRealSecretTest.OwnLiveKitSecret.class)
class LiveKitWebhookRealSecretTest {

    static final String OWN_SECRET = "this-deployments-own-livekit-secret-" + UUID.randomUUID();

    public static class OwnLiveKitSecret extends LocalTokensProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("huiketang.meeting.livekit.api-secret", OWN_SECRET);
            return overrides;
        }
    }

    @Test
    void roomFinishedSignedWithTheBuiltInSecretIsRefusedAndEndsNothing() {
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "真实密钥", null);
        String body = LiveKitWebhooks.roomFinished(meeting.getString("number"));

        send(body, LiveKitWebhooks.sign(body, LiveKitWebhooks.SECRET)).then().statusCode(401)
                .contentType("application/problem+json");
        as(host).when().get("/api/v1/meetings/" + meeting.getString("id")).then().body("status", equalTo("STARTED"));

        send(body, LiveKitWebhooks.sign(body, OWN_SECRET)).then().statusCode(204);
        as(host).when().get("/api/v1/meetings/" + meeting.getString("id")).then().body("status", equalTo("ENDED"));
    }

    private static io.restassured.response.Response send(String body, String signature) {
        return given().contentType("application/webhook+json").header("Authorization", signature)
                .body(body.getBytes(StandardCharsets.UTF_8)).when().post("/webhooks/livekit");
    }
}
