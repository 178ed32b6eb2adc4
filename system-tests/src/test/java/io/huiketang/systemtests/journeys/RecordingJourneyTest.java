package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Journey: through the gateway, the host starts a cloud recording; two participants are notified and
 * answer (one LEAVE, then leaves); a late joiner is notified; LiveKit's signed egress webhook lands
 * the file; the creator reads the evidence, lists, downloads through the presigned link and deletes it.
 */
class RecordingJourneyTest {

    private static final byte[] MEDIA = "会议录像的字节".getBytes(StandardCharsets.UTF_8);
    private final Client app = Platform.get().client();

    @Test
    void aCloudRecordingIsNoticedAnsweredLandedListedDownloadedAndDeleted() throws Exception {
        Person host = app.registerAdult("录制主持人");
        Person stays = app.registerAdult("留下的人");
        Person leaves = app.registerAdult("离开的人");
        Person late = app.registerAdult("晚到的人");
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "录制的会", "kind", "INSTANT"))
                .expect(201);
        String meetingId = meeting.get("id").asText();
        String number = meeting.get("number").asText();
        for (Person person : new Person[] { host, stays, leaves }) {
            app.post("/api/v1/meetings/join", person.token(), Map.of("number", number)).expect(200);
        }

        // recording-service learns of the meeting from meeting.events: the start succeeds once it has
        Answer started = until(() -> app.post("/api/v1/recordings/meetings/" + meetingId, host.token(),
                Map.of("kind", "CLOUD")), a -> a.status() != 404);
        String recordingId = started.expect(201).get("recordingId").asText();

        for (Person person : new Person[] { stays, leaves }) {
            JsonNode state = until(() -> app.get("/api/v1/recordings/meetings/" + meetingId + "/state", person.token()),
                    a -> a.status() == 200 && a.json().path("myNotice").isObject()).expect(200);
            assertEquals(recordingId, state.path("recording").path("recordingId").asText());
            assertTrue(state.path("recording").path("notice").asText().length() > 10);
        }
        app.post("/api/v1/recordings/" + recordingId + "/acknowledgements", stays.token(), Map.of("answer", "CONTINUE"))
                .expect(200);
        app.post("/api/v1/recordings/" + recordingId + "/acknowledgements", leaves.token(), Map.of("answer", "LEAVE"))
                .expect(200);
        app.post("/api/v1/meetings/" + meetingId + "/leave", leaves.token(), Map.of()).expect(204);

        // A late joiner: the join answer names the recording once meeting-service has its event, and
        // recording-service notifies them when their participant-joined arrives
        app.post("/api/v1/meetings/join", late.token(), Map.of("number", number)).expect(200);
        until(() -> app.get("/api/v1/recordings/meetings/" + meetingId + "/state", late.token()),
                a -> a.status() == 200 && a.json().path("myNotice").isObject());

        // LiveKit's egress wrote the file into the creator's space and signs its webhooks
        String key = "recordings/" + host.accountId() + "/" + recordingId + ".mp4";
        try (S3Client s3 = s3()) {
            s3.putObject(b -> b.bucket("recordings").key(key), RequestBody.fromBytes(MEDIA));
        }
        String egress = "EG_" + UUID.randomUUID();
        webhook("{\"event\":\"egress_started\",\"id\":\"EV_" + UUID.randomUUID() + "\",\"egressInfo\":{\"egressId\":\""
                + egress + "\",\"roomName\":\"" + number + "\",\"status\":\"EGRESS_ACTIVE\"}}").expect(204);
        String ended = "{\"event\":\"egress_ended\",\"id\":\"EV_" + UUID.randomUUID() + "\",\"egressInfo\":{\"egressId\":\""
                + egress + "\",\"roomName\":\"" + number + "\",\"status\":\"EGRESS_COMPLETE\",\"fileResults\":[{"
                + "\"filename\":\"" + key + "\",\"size\":\"" + MEDIA.length + "\",\"duration\":\"90000000000\"}]}}";
        webhook(ended).expect(204);
        webhook(ended).expectProblem(409);

        JsonNode evidence = until(() -> app.get("/api/v1/recordings/" + recordingId + "/evidence", host.token()),
                a -> a.status() == 200 && leftAtOf(a.json(), leaves.accountId()) != null).expect(200);
        assertEquals(4, evidence.get("entries").size(), evidence.toString());
        assertEquals(1, app.get("/api/v1/recordings/" + recordingId + "/evidence", stays.token()).expect(200)
                .get("entries").size());

        JsonNode list = app.get("/api/v1/recordings", host.token()).expect(200);
        assertEquals(1, list.get("total").asInt());
        assertEquals(MEDIA.length, list.get("usedBytes").asInt());
        assertEquals(90_000, list.get("items").get(0).get("durationMs").asInt());
        String url = app.post("/api/v1/recordings/" + recordingId + "/download", host.token(), Map.of()).expect(200)
                .get("url").asText();
        HttpResponse<byte[]> file = app.http().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertArrayEquals(MEDIA, file.body());
        app.post("/api/v1/recordings/" + recordingId + "/download", stays.token(), Map.of()).expectProblem(404);

        app.delete("/api/v1/recordings/" + recordingId, host.token()).expect(200);
        assertEquals(0, app.get("/api/v1/recordings", host.token()).expect(200).get("total").asInt());
    }

    private static String leftAtOf(JsonNode evidence, String accountId) {
        for (JsonNode entry : evidence.path("entries")) {
            if (accountId.equals(entry.path("accountId").asText()) && !entry.path("leftAt").isNull()
                    && !entry.path("leftAt").isMissingNode()) {
                return entry.path("leftAt").asText();
            }
        }
        return null;
    }

    /** Signed as LiveKit signs: HS256 with the API secret, the body's SHA-256 in the sha256 claim. */
    private Answer webhook(String body) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("devkey");
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setNotBeforeMinutesInThePast(1);
        claims.setClaim("sha256", Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(ServiceProcess.runSecret("HUIKETANG_LIVEKIT_API_SECRET").getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        return app.send(app.request("/api/v1/recordings/webhooks/livekit", null)
                .header("Content-Type", "application/webhook+json").header("Authorization", jws.getCompactSerialization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Answer until(Supplier<Answer> call, Predicate<Answer> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Answer answer = call.get();
        while (!done.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = call.get();
        }
        return answer;
    }

    private static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(env("HUIKETANG_S3_URL", "http://127.0.0.1:" + env("HUIKETANG_S3_PORT", "8081")))).forcePathStyle(true)
                .region(Region.of("us-east-1")).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env("HUIKETANG_S3_ACCESS_KEY", "huiketang"), env("HUIKETANG_S3_SECRET_KEY", "huiketang-secret"))))
                .build();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
