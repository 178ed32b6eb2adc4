package io.huiketang.meeting.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.livekit.server.AccessToken;
import io.restassured.response.Response;

/** Webhooks as LiveKit sends them: JSON signed with the API secret (a token whose sha256 claim is the body's hash). */
public final class LiveKitWebhooks {

    public static final String KEY = "devkey";
    /** The built-in secret of dev and test (application.properties), never accepted in production. */
    public static final String SECRET = "local-development-livekit-secret-not-for-production";

    private LiveKitWebhooks() {
    }

    /**
     * A participant event as the SFU reports it: its connection's sid, the identity and attributes
     * of its join token, and the event time (seconds).
     *
     * @param sessionId the {@code huiketang.session} attribute of the join token, or null
     */
    public static String participantEvent(String type, String room, String identity, String sid, String sessionId,
            Instant at) {
        String attributes = sessionId == null ? "" : ",\"attributes\":{\"huiketang.session\":\"" + sessionId + "\"}";
        return "{\"event\":\"" + type + "\",\"id\":\"EV_" + UUID.randomUUID() + "\",\"room\":{\"name\":\"" + room
                + "\"},\"participant\":{\"sid\":\"" + sid + "\",\"identity\":\"" + identity
                + "\",\"name\":\"媒体用户\"" + attributes + "},\"createdAt\":\"" + at.getEpochSecond() + "\"}";
    }

    public static String roomFinished(String room) {
        return "{\"event\":\"room_finished\",\"id\":\"EV_" + UUID.randomUUID() + "\",\"room\":{\"name\":\"" + room
                + "\"},\"createdAt\":\"" + Instant.now().getEpochSecond() + "\"}";
    }

    public static String sign(String body) {
        return sign(body, SECRET);
    }

    /** Signed with another secret: a deployment's own, or the built-in one a deployment must refuse. */
    public static String sign(String body, String secret) {
        try {
            AccessToken token = new AccessToken(KEY, secret);
            token.setSha256(Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
            return token.toJwt();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response send(String body) {
        return given().contentType("application/webhook+json").header("Authorization", sign(body))
                .body(body.getBytes(StandardCharsets.UTF_8)).when().post("/webhooks/livekit");
    }
}
