package io.huiketang.recording.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

import io.livekit.server.AccessToken;
import io.restassured.response.ValidatableResponse;

/** Egress webhooks as LiveKit sends them: protobuf JSON signed with the API secret (a token whose sha256 is the body's). */
public final class EgressWebhooks {

    public static final String KEY = "devkey";
    /** The built-in secret of dev and test (application.properties), never accepted in production. */
    public static final String SECRET = "local-development-livekit-secret-not-for-production";
    public static final String PATH = "/api/v1/recordings/webhooks/livekit";

    private EgressWebhooks() {
    }

    public static String started(String room, String egressId) {
        return "{\"event\":\"egress_started\",\"id\":\"EV_" + UUID.randomUUID() + "\",\"createdAt\":\""
                + Instant.now().getEpochSecond() + "\",\"egressInfo\":{\"egressId\":\"" + egressId
                + "\",\"roomName\":\"" + room + "\",\"status\":\"EGRESS_ACTIVE\"}}";
    }

    /** A completed egress with one file: its key in the bucket, size in bytes and duration in nanoseconds. */
    public static String ended(String room, String egressId, String key, long size, long durationNanos) {
        return "{\"event\":\"egress_ended\",\"id\":\"EV_" + UUID.randomUUID() + "\",\"createdAt\":\""
                + Instant.now().getEpochSecond() + "\",\"egressInfo\":{\"egressId\":\"" + egressId
                + "\",\"roomName\":\"" + room + "\",\"status\":\"EGRESS_COMPLETE\",\"fileResults\":[{\"filename\":\""
                + key + "\",\"size\":\"" + size + "\",\"duration\":\"" + durationNanos
                + "\",\"location\":\"s3://recordings/" + key + "\"}]}}";
    }

    public static String failed(String room, String egressId) {
        return "{\"event\":\"egress_ended\",\"id\":\"EV_" + UUID.randomUUID() + "\",\"createdAt\":\""
                + Instant.now().getEpochSecond() + "\",\"egressInfo\":{\"egressId\":\"" + egressId
                + "\",\"roomName\":\"" + room + "\",\"status\":\"EGRESS_FAILED\",\"error\":\"pipeline\"}}";
    }

    public static String sign(String body, String secret) {
        try {
            AccessToken token = new AccessToken(KEY, secret);
            token.setSha256(java.util.Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
            return token.toJwt();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ValidatableResponse send(String body) {
        return send(body, sign(body, SECRET));
    }

    public static ValidatableResponse send(String body, String authorization) {
        var request = given().contentType("application/webhook+json").body(body.getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post(PATH).then();
    }
}
