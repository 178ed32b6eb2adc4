package io.huiketang.recording.cloud;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.recording.recording.Recording;
import io.huiketang.recording.support.EgressWebhooks;
import io.huiketang.recording.support.MeetingFeed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Cloud recordings in the stack's S3 store (REC-3): signed egress webhooks land the file in the
 * creator's space, forged and replayed ones change nothing, the quota refuses a start once full, the
 * owner lists, downloads through a presigned link, deletes to the trash, restores, and the purge
 * removes the file; usage stays exact under concurrent landings and deletions.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class CloudRecordingTest {

    static final MeetingFeed FEED = new MeetingFeed();
    static final byte[] MEDIA = "not really an mp4, but bytes the store keeps".getBytes(StandardCharsets.UTF_8);

    @Inject
    RecordingStorage storage;

    @Inject
    StorageQuota quota;

    @Inject
    TrashPurge purge;

    @AfterAll
    static void close() {
        FEED.close();
    }

    /** A cloud recording running in a new meeting of {@code host}, with its egress started. */
    record Running(MeetingFeed.Meeting meeting, String recordingId, String egressId, String key) {
    }

    Running running(UUID host) {
        MeetingFeed.Meeting meeting = FEED.started(host, null);
        FEED.joined(meeting, host);
        String recordingId = given().auth().oauth2(TestTokens.person(host)).contentType(ContentType.JSON)
                .body(Map.of("kind", "CLOUD")).when().post("/api/v1/recordings/meetings/" + meeting.id()).then()
                .statusCode(201).extract().path("recordingId");
        String egressId = "EG_" + UUID.randomUUID();
        EgressWebhooks.send(EgressWebhooks.started(meeting.number(), egressId)).statusCode(204);
        return new Running(meeting, recordingId, egressId, "recordings/" + host + "/" + recordingId + ".mp4");
    }

    void land(Running r, long size) {
        storage.put(r.key(), MEDIA, "video/mp4");
        EgressWebhooks.send(EgressWebhooks.ended(r.meeting().number(), r.egressId(), r.key(), size, 61_500_000_000L))
                .statusCode(204);
    }

    @Test
    void anEgressLandsItsFileTheOwnerListsDownloadsDeletesRestoresAndThePurgeRemovesIt() throws Exception {
        UUID host = UUID.randomUUID();
        Running r = running(host);
        land(r, MEDIA.length);

        Recording landed = recording(r.recordingId());
        assertEquals(r.key(), landed.objectKey);
        assertEquals(Recording.Status.STOPPED, landed.status);
        assertEquals(Recording.StopReason.EGRESS_ENDED, landed.stopReason);
        assertEquals(61_500L, landed.durationMs);
        list(host, "").statusCode(200).body("total", equalTo(1)).body("usedBytes", equalTo(MEDIA.length))
                .body("items[0].recordingId", equalTo(r.recordingId())).body("items[0].sizeBytes", equalTo(MEDIA.length))
                .body("items[0].durationMs", equalTo(61500)).body("items[0].trashedAt", nullValue());

        // Download: a presigned link that works without credentials, each one recorded
        String url = given().auth().oauth2(TestTokens.person(host)).when()
                .post("/api/v1/recordings/" + r.recordingId() + "/download").then().statusCode(200)
                .body("expiresAt", notNullValue()).extract().path("url");
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertArrayEquals(MEDIA, file.body());
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> ((Number) Recording.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM recording_download WHERE recording_id = ?1")
                .setParameter(1, UUID.fromString(r.recordingId())).getSingleResult()).longValue()));
        // Someone else's recording: as if it did not exist
        UUID stranger = UUID.randomUUID();
        given().auth().oauth2(TestTokens.person(stranger)).when()
                .post("/api/v1/recordings/" + r.recordingId() + "/download").then().statusCode(404);
        given().auth().oauth2(TestTokens.person(stranger)).when().delete("/api/v1/recordings/" + r.recordingId())
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.person(stranger)).when().get("/api/v1/recordings/" + r.recordingId())
                .then().statusCode(404);

        // Delete to the trash: space freed, no downloads; restore; delete again
        given().auth().oauth2(TestTokens.person(host)).when().delete("/api/v1/recordings/" + r.recordingId()).then()
                .statusCode(200).body("trashedAt", notNullValue()).body("purgeAfter", notNullValue());
        given().auth().oauth2(TestTokens.person(host)).when().delete("/api/v1/recordings/" + r.recordingId()).then()
                .statusCode(409);
        given().auth().oauth2(TestTokens.person(host)).when()
                .post("/api/v1/recordings/" + r.recordingId() + "/download").then().statusCode(409);
        list(host, "").body("total", equalTo(0)).body("usedBytes", equalTo(0));
        list(host, "&trash=true").body("total", equalTo(1));
        given().auth().oauth2(TestTokens.person(host)).when().post("/api/v1/recordings/" + r.recordingId() + "/restore")
                .then().statusCode(200).body("trashedAt", nullValue());
        given().auth().oauth2(TestTokens.person(host)).when().post("/api/v1/recordings/" + r.recordingId() + "/restore")
                .then().statusCode(409);
        list(host, "").body("total", equalTo(1)).body("usedBytes", equalTo(MEDIA.length));
        given().auth().oauth2(TestTokens.person(host)).when().delete("/api/v1/recordings/" + r.recordingId()).then()
                .statusCode(200);

        // Not yet 30 days in the trash: kept; past it: the file and the row go
        purge.purgeOlderThan(Instant.now().minusSeconds(3600));
        assertTrue(storage.sizeOf(r.key()).isPresent());
        assertTrue(recording(r.recordingId()) != null);
        assertTrue(purge.purgeOlderThan(Instant.now().plusSeconds(1)) >= 1);
        assertTrue(storage.sizeOf(r.key()).isEmpty());
        assertEquals(null, recording(r.recordingId()));
        list(host, "&trash=true").body("total", equalTo(0));
    }

    @Test
    void forgedReplayedAndMisplacedWebhooksAreProblemsAndChangeNothing() {
        UUID host = UUID.randomUUID();
        Running r = running(host);
        storage.put(r.key(), MEDIA, "video/mp4");
        String body = EgressWebhooks.ended(r.meeting().number(), r.egressId(), r.key(), MEDIA.length, 1_000_000_000L);

        EgressWebhooks.send(body, null).statusCode(401).contentType("application/problem+json");
        EgressWebhooks.send(body, EgressWebhooks.sign(body, "another-secret-entirely-another-secret")).statusCode(401);
        EgressWebhooks.send(body.replace("EGRESS_COMPLETE", "EGRESS_FAILED"), EgressWebhooks.sign(body,
                EgressWebhooks.SECRET)).statusCode(401);
        assertEquals(Recording.Status.RUNNING, recording(r.recordingId()).status);

        // A file outside the creator's space, or one not in the store
        String elsewhere = "recordings/" + UUID.randomUUID() + "/" + r.recordingId() + ".mp4";
        storage.put(elsewhere, MEDIA, "video/mp4");
        EgressWebhooks.send(EgressWebhooks.ended(r.meeting().number(), r.egressId(), elsewhere, MEDIA.length, 1L))
                .statusCode(422).body("errors[0].field", notNullValue());
        EgressWebhooks.send(EgressWebhooks.ended(r.meeting().number(), r.egressId(),
                "recordings/" + host + "/missing.mp4", MEDIA.length, 1L)).statusCode(422);
        Recording unchanged = recording(r.recordingId());
        assertEquals(Recording.Status.RUNNING, unchanged.status);
        assertEquals(null, unchanged.objectKey);
        assertEquals(0, quota.usedBytes(host));

        EgressWebhooks.send(body).statusCode(204);
        EgressWebhooks.send(body).statusCode(409);
        assertEquals(MEDIA.length, quota.usedBytes(host));
        assertEquals(Recording.StopReason.EGRESS_ENDED, recording(r.recordingId()).stopReason);
    }

    @Test
    void aFailedEgressStopsTheRecordingWithoutAFile() {
        UUID host = UUID.randomUUID();
        Running r = running(host);
        EgressWebhooks.send(EgressWebhooks.failed(r.meeting().number(), r.egressId())).statusCode(204);
        Recording failed = recording(r.recordingId());
        assertEquals(Recording.StopReason.FAILED, failed.stopReason);
        assertEquals(null, failed.objectKey);
    }

    @Test
    void aRecordingThatFillsTheSpaceIsFinishedAndTheNextStartIsRefused() {
        UUID host = UUID.randomUUID();
        Running r = running(host);
        land(r, quota.quotaBytes(host) + 1);
        assertEquals(quota.quotaBytes(host) + 1, quota.usedBytes(host));
        MeetingFeed.Meeting next = FEED.started(host, null);
        given().auth().oauth2(TestTokens.person(host)).contentType(ContentType.JSON).body(Map.of("kind", "CLOUD"))
                .when().post("/api/v1/recordings/meetings/" + next.id()).then().statusCode(409)
                .body("type", equalTo(StorageQuota.QUOTA_EXCEEDED.toString()));
        // A local recording needs no cloud space
        given().auth().oauth2(TestTokens.person(host)).contentType(ContentType.JSON).body(Map.of("kind", "LOCAL"))
                .when().post("/api/v1/recordings/meetings/" + next.id()).then().statusCode(201);
        // Deleting frees the space again
        given().auth().oauth2(TestTokens.person(host)).when().delete("/api/v1/recordings/" + r.recordingId()).then()
                .statusCode(200);
        assertEquals(0, quota.usedBytes(host));
    }

    @Test
    void usageStaysExactWhileFilesLandAndAreDeletedConcurrently() throws Exception {
        UUID host = UUID.randomUUID();
        List<Running> toDelete = new ArrayList<>();
        List<Running> toLand = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Running r = running(host);
            land(r, 1000 + i);
            toDelete.add(r);
        }
        for (int i = 0; i < 5; i++) {
            Running r = running(host);
            storage.put(r.key(), MEDIA, "video/mp4");
            toLand.add(r);
        }
        assertEquals(5 * 1000 + 10, quota.usedBytes(host));

        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Running landing = toLand.get(i);
                long size = 2000 + i;
                work.add(() -> EgressWebhooks.send(EgressWebhooks.ended(landing.meeting().number(), landing.egressId(),
                        landing.key(), size, 1L)).extract().statusCode());
                Running deleting = toDelete.get(i);
                work.add(() -> given().auth().oauth2(TestTokens.person(host)).when()
                        .delete("/api/v1/recordings/" + deleting.recordingId()).then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> done : pool.invokeAll(work)) {
                statuses.add(done.get());
            }
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 204), statuses.toString());
        } finally {
            pool.shutdown();
        }
        long expected = 5 * 2000 + 10;
        assertEquals(expected, quota.usedBytes(host));
        long summed = QuarkusTransaction.requiringNew().call(() -> ((Number) Recording.getEntityManager()
                .createNativeQuery("SELECT coalesce(sum(size_bytes), 0) FROM recording WHERE owner_id = ?1 "
                        + "AND trashed_at IS NULL").setParameter(1, host).getSingleResult()).longValue());
        assertEquals(expected, summed);
    }

    @Test
    void theListIsPagedAndBadParametersAreProblems() {
        UUID host = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            land(running(host), 10);
        }
        list(host, "&size=2").statusCode(200).body("total", equalTo(3)).body("items", hasSize(2));
        list(host, "&size=2&page=1").statusCode(200).body("items", hasSize(1));
        list(host, "&size=0").statusCode(400).body("errors[0].field", equalTo("size"));
        list(host, "&size=101").statusCode(400);
        list(host, "&page=-1").statusCode(400).body("errors[0].field", equalTo("page"));
        list(host, "&size=abc").statusCode(400).body("errors[0].field", equalTo("size"));
        list(host, "&trash=maybe").statusCode(400);
        given().when().get("/api/v1/recordings").then().statusCode(401);
        given().auth().oauth2(TestTokens.person(host)).when().post("/api/v1/recordings/" + UUID.randomUUID()
                + "/restore").then().statusCode(404);
    }

    static ValidatableResponse list(UUID owner, String query) {
        return given().auth().oauth2(TestTokens.person(owner)).when().get("/api/v1/recordings?x=1" + query).then();
    }

    static Recording recording(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Recording.findById(UUID.fromString(id)));
    }
}
