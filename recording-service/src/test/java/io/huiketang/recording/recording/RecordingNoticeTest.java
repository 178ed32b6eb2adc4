package io.huiketang.recording.recording;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.recording.support.MeetingFeed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Notice and evidence (REC-1) for cloud and local recordings (REC-2), over the real broker and
 * database: the host starts, everyone present and every later joiner is notified, participants answer,
 * leaves are written into the evidence, the creator reads all of it and each participant their own.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class RecordingNoticeTest {

    static final MeetingFeed FEED = new MeetingFeed();

    @Inject
    AgroalDataSource dataSource;

    @AfterAll
    static void close() {
        FEED.close();
    }

    @Test
    void theHostRecordsEveryoneIsNotifiedAnswersAndLeavesAreEvidence() {
        UUID host = UUID.randomUUID();
        UUID stays = UUID.randomUUID();
        UUID leaves = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        MeetingFeed.Meeting meeting = FEED.started(host, null);
        UUID hostSession = FEED.joined(meeting, host);
        UUID staysSession = FEED.joined(meeting, stays);
        UUID leavesSession = FEED.joined(meeting, leaves);

        try (TopicReader events = TopicReader.fromNow(RecordingEvents.TOPIC)) {
            String recordingId = start(host, meeting, "CLOUD").statusCode(201).body("kind", equalTo("CLOUD"))
                    .body("status", equalTo("RUNNING")).body("notice", notNullValue()).extract().path("recordingId");

            // Everyone present: an entry each, channel IN_APP, not answered yet
            evidence(host, recordingId).statusCode(200).body("entries", hasSize(3))
                    .body("entries.sessionId", org.hamcrest.Matchers.containsInAnyOrder(hostSession.toString(),
                            staysSession.toString(), leavesSession.toString()))
                    .body("entries.channel", org.hamcrest.Matchers.everyItem(equalTo("IN_APP")))
                    .body("entries.status", org.hamcrest.Matchers.everyItem(equalTo("PENDING")));
            state(stays, meeting.id()).statusCode(200).body("recording.recordingId", equalTo(recordingId))
                    .body("recording.notice", notNullValue()).body("myNotice.status", equalTo("PENDING"))
                    .body("myNotice.answer", nullValue());

            acknowledge(stays, recordingId, "CONTINUE").statusCode(200).body("answer", equalTo("CONTINUE"))
                    .body("status", equalTo("ANSWERED")).body("answeredAt", notNullValue());
            acknowledge(stays, recordingId, "LEAVE").statusCode(409);
            acknowledge(leaves, recordingId, "LEAVE").statusCode(200).body("answer", equalTo("LEAVE"));
            FEED.left(meeting, leaves, leavesSession);

            // A later joiner is notified when their participant-joined arrives
            UUID lateSession = FEED.joined(meeting, late);
            state(late, meeting.id()).statusCode(200).body("recording.recordingId", equalTo(recordingId))
                    .body("myNotice.sessionId", equalTo(lateSession.toString()));

            // The creator sees everyone, a participant only their own entries
            evidence(host, recordingId).statusCode(200).body("entries", hasSize(4));
            ValidatableResponse leaver = evidence(leaves, recordingId).statusCode(200).body("entries", hasSize(1));
            leaver.body("entries[0].accountId", equalTo(leaves.toString())).body("entries[0].answer", equalTo("LEAVE"))
                    .body("entries[0].leftAt", notNullValue()).body("entries[0].notifiedAt", notNullValue());
            evidence(stays, recordingId).body("entries", hasSize(1)).body("entries[0].leftAt", nullValue());
            evidence(UUID.randomUUID(), recordingId).statusCode(404);

            // Unanswered past the acknowledgement time (PT2M): listed as such
            backdateNotices(recordingId, Duration.ofMinutes(3));
            evidence(host, recordingId).body("entries.find { it.accountId == '" + late + "' }.status",
                    equalTo("UNACKNOWLEDGED"))
                    .body("entries.find { it.accountId == '" + stays + "' }.status", equalTo("ANSWERED"));

            // Only the host stops; a stopped recording takes no answers
            given().auth().oauth2(TestTokens.person(stays)).when().post("/api/v1/recordings/" + recordingId + "/stop")
                    .then().statusCode(403);
            given().auth().oauth2(TestTokens.person(UUID.randomUUID())).when()
                    .post("/api/v1/recordings/" + recordingId + "/stop").then().statusCode(404);
            given().auth().oauth2(TestTokens.person(host)).when().post("/api/v1/recordings/" + recordingId + "/stop")
                    .then().statusCode(200).body("status", equalTo("STOPPED")).body("stopReason", equalTo("STOPPED"));
            given().auth().oauth2(TestTokens.person(host)).when().post("/api/v1/recordings/" + recordingId + "/stop")
                    .then().statusCode(409);
            acknowledge(late, recordingId, "CONTINUE").statusCode(409);
            state(stays, meeting.id()).statusCode(200).body("recording", nullValue());

            List<ConsumedEvent> published = published(events, meeting.id(), 2);
            ConsumedEvent started = published.get(0);
            assertEquals(RecordingEvents.STARTED, started.type());
            assertEquals(recordingId, started.data().path("recordingId").asText());
            assertEquals(host.toString(), started.data().path("startedBy").asText());
            assertEquals("CLOUD", started.data().path("kind").asText());
            assertEquals(RecordingEvents.STOPPED, published.get(1).type());
            assertEquals("STOPPED", published.get(1).data().path("reason").asText());
        }
    }

    @Test
    void aLocalRecordingIsNoticedAsACloudOneAndTheMeetingsEndStopsIt() {
        UUID host = UUID.randomUUID();
        UUID guest = UUID.randomUUID();
        MeetingFeed.Meeting meeting = FEED.started(host, null);
        FEED.joined(meeting, guest);
        try (TopicReader events = TopicReader.fromNow(RecordingEvents.TOPIC)) {
            String recordingId = start(host, meeting, "LOCAL").statusCode(201).body("kind", equalTo("LOCAL"))
                    .extract().path("recordingId");
            state(guest, meeting.id()).body("recording.kind", equalTo("LOCAL"))
                    .body("myNotice.channel", equalTo("IN_APP"));
            FEED.ended(meeting);
            List<ConsumedEvent> published = published(events, meeting.id(), 2);
            assertEquals("LOCAL", published.get(0).data().path("kind").asText());
            assertEquals("MEETING_ENDED", published.get(1).data().path("reason").asText());
            evidence(host, recordingId).statusCode(200).body("stoppedAt", notNullValue())
                    .body("entries[0].leftAt", notNullValue());
        }
    }

    @Test
    void theEnterprisesAdminsReadTheWholeEvidenceOthersDoNot() {
        UUID host = UUID.randomUUID();
        UUID enterprise = UUID.randomUUID();
        MeetingFeed.Meeting meeting = FEED.started(host, enterprise);
        FEED.joined(meeting, host);
        FEED.joined(meeting, UUID.randomUUID());
        String recordingId = start(host, meeting, "CLOUD").statusCode(201).extract().path("recordingId");
        given().auth().oauth2(TestTokens.admin(UUID.randomUUID(), enterprise)).when()
                .get("/api/v1/recordings/" + recordingId + "/evidence").then().statusCode(200)
                .body("entries", hasSize(2));
        given().auth().oauth2(TestTokens.member(UUID.randomUUID(), enterprise)).when()
                .get("/api/v1/recordings/" + recordingId + "/evidence").then().statusCode(404);
        given().auth().oauth2(TestTokens.admin(UUID.randomUUID(), UUID.randomUUID())).when()
                .get("/api/v1/recordings/" + recordingId + "/evidence").then().statusCode(404);
    }

    @Test
    void startingIsRefusedWithAClearProblem() {
        UUID host = UUID.randomUUID();
        UUID guest = UUID.randomUUID();
        MeetingFeed.Meeting meeting = FEED.started(host, null);
        FEED.joined(meeting, guest);

        start(host, FEED.newMeeting(host, null), "CLOUD").statusCode(404).body("status", equalTo(404));
        start(UUID.randomUUID(), meeting, "CLOUD").statusCode(404);
        // A stranger learns nothing from the body either: the object decides first
        start(UUID.randomUUID(), meeting, "INSTANT").statusCode(404);
        start(guest, meeting, "CLOUD").statusCode(403).body("title", equalTo("Forbidden"));
        given().auth().oauth2(TestTokens.person(host)).contentType(ContentType.JSON).body(Map.of("kind", "VHS"))
                .when().post("/api/v1/recordings/meetings/" + meeting.id()).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.person(host)).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/recordings/meetings/" + meeting.id()).then().statusCode(400)
                .body("errors[0].field", notNullValue());
        given().auth().oauth2(TestTokens.person(host)).contentType(ContentType.JSON).body("{\"kind\":")
                .when().post("/api/v1/recordings/meetings/" + meeting.id()).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("kind", "CLOUD"))
                .when().post("/api/v1/recordings/meetings/" + meeting.id()).then().statusCode(401);
        given().auth().oauth2(TestTokens.childAwaitingConsent(host)).contentType(ContentType.JSON)
                .body(Map.of("kind", "CLOUD")).when().post("/api/v1/recordings/meetings/" + meeting.id()).then()
                .statusCode(403);

        start(host, meeting, "CLOUD").statusCode(201);
        start(host, meeting, "LOCAL").statusCode(409).body("detail", org.hamcrest.Matchers.containsString("already"));

        MeetingFeed.Meeting planned = FEED.newMeeting(host, null);
        FEED.scheduled(planned);
        FEED.awaitScheduled(planned);
        start(host, planned, "CLOUD").statusCode(409).body("detail", org.hamcrest.Matchers.containsString("not started"));

        MeetingFeed.Meeting over = FEED.started(host, null);
        FEED.ended(over);
        start(host, over, "CLOUD").statusCode(409).body("detail", org.hamcrest.Matchers.containsString("over"));
        QuarkusTransaction.requiringNew().run(() -> assertEquals(0, Recording.count("meetingId", over.id())));
    }

    @Test
    void answersAndStateAreRefusedWithAClearProblem() {
        UUID host = UUID.randomUUID();
        MeetingFeed.Meeting meeting = FEED.started(host, null);
        FEED.joined(meeting, host);
        String recordingId = start(host, meeting, "CLOUD").statusCode(201).extract().path("recordingId");
        acknowledge(UUID.randomUUID(), recordingId, "CONTINUE").statusCode(404);
        acknowledge(UUID.randomUUID(), recordingId, "MAYBE").statusCode(404);
        acknowledge(host, UUID.randomUUID().toString(), "CONTINUE").statusCode(404);
        given().auth().oauth2(TestTokens.person(host)).contentType(ContentType.JSON).body(Map.of("answer", "MAYBE"))
                .when().post("/api/v1/recordings/" + recordingId + "/acknowledgements").then().statusCode(400);
        given().auth().oauth2(TestTokens.person(host)).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/recordings/" + recordingId + "/acknowledgements").then().statusCode(400);
        state(UUID.randomUUID(), meeting.id()).statusCode(404);
        state(host, UUID.randomUUID()).statusCode(404);
        given().auth().oauth2(TestTokens.person(host)).when().get("/api/v1/recordings/not-a-uuid/evidence").then()
                .statusCode(404);
        evidence(host, UUID.randomUUID().toString()).statusCode(404);
    }

    private void backdateNotices(String recordingId, Duration by) {
        try (var connection = dataSource.getConnection(); var update = connection.prepareStatement(
                "UPDATE recording_notice SET notified_at = notified_at - make_interval(secs => ?) "
                        + "WHERE recording_id = ?")) {
            update.setLong(1, by.toSeconds());
            update.setObject(2, UUID.fromString(recordingId));
            update.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ConsumedEvent> published(TopicReader reader, UUID meetingId, int count) {
        return reader.readUntil(records -> records.stream().filter(r -> meetingId.toString().equals(r.key()))
                .count() >= count, Duration.ofSeconds(30)).stream()
                .filter(r -> meetingId.toString().equals(r.key())).map(PublishedEvents::assertValid).toList();
    }

    static ValidatableResponse start(UUID caller, MeetingFeed.Meeting meeting, String kind) {
        return given().auth().oauth2(TestTokens.person(caller)).contentType(ContentType.JSON)
                .body(Map.of("kind", kind)).when().post("/api/v1/recordings/meetings/" + meeting.id()).then();
    }

    static ValidatableResponse state(UUID caller, UUID meetingId) {
        return given().auth().oauth2(TestTokens.person(caller)).when()
                .get("/api/v1/recordings/meetings/" + meetingId + "/state").then();
    }

    static ValidatableResponse acknowledge(UUID caller, String recordingId, String answer) {
        return given().auth().oauth2(TestTokens.person(caller)).contentType(ContentType.JSON)
                .body(Map.of("answer", answer)).when().post("/api/v1/recordings/" + recordingId + "/acknowledgements")
                .then();
    }

    static ValidatableResponse evidence(UUID caller, String recordingId) {
        return given().auth().oauth2(TestTokens.person(caller)).when()
                .get("/api/v1/recordings/" + recordingId + "/evidence").then();
    }
}
