package io.huiketang.meeting.meeting;

import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.meeting.events.MeetingEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Creating, scheduling, changing, cancelling, starting and ending meetings (MTG-1, MTG-2). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class MeetingLifecycleTest {

    @Test
    void instantMeetingGetsARandomNineDigitNumberAndStartsAtOnce() {
        String creator = TestTokens.person(UUID.randomUUID());
        JsonPath first = createInstant(creator, "周会", null);
        JsonPath second = createInstant(creator, "周会", null);
        assertEquals("STARTED", first.getString("status"));
        org.hamcrest.MatcherAssert.assertThat(first.getString("number"), matchesPattern("[1-9][0-9]{8}"));
        assertNotEquals(first.getString("number"), second.getString("number"));
    }

    @Test
    void aPersonWhoseTokenSaysTheCurrentPolicyAwaitsAcceptanceCannotCreateAMeetingButCanJoinOne() {
        UUID personId = UUID.randomUUID();
        String awaiting = TestTokens.issue(personId, "ACTIVE", List.of(), List.of(), Instant.now(), claims -> {
            claims.setClaim("policy_acceptance_required", true);
            claims.setClaim("policy_version_required", "2027-01-01");
        });
        as(awaiting).body(Map.of("topic", "周会", "kind", "INSTANT")).when().post("/api/v1/meetings")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/policy-acceptance-required"))
                .body("detail", org.hamcrest.Matchers.containsString("2027-01-01"));

        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "周会", null);
        // Joining is not in the set: the join answers (200) as for anyone
        join(awaiting, meeting.getString("number"), null, "访客");
        // Once accepted, account-service's next token carries no such claim
        createInstant(TestTokens.person(personId), "周会", null);
    }

    @Test
    void scheduledMeetingIsChangedStartedAndEndedByItsHostWithEvents() {
        UUID creatorId = UUID.randomUUID();
        String creator = TestTokens.person(creatorId);
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            JsonPath meeting = as(creator).body(Map.of("topic", "季度评审", "kind", "SCHEDULED",
                    "plannedStart", Instant.now().plus(Duration.ofDays(1)).toString(), "plannedMinutes", 60))
                    .when().post("/api/v1/meetings").then().statusCode(201)
                    .body("status", equalTo("SCHEDULED")).extract().jsonPath();
            String id = meeting.getString("id");
            as(creator).body(Map.of("topic", "季度评审（改）")).when().patch("/api/v1/meetings/" + id)
                    .then().statusCode(200).body("topic", equalTo("季度评审（改）"));
            as(creator).when().post("/api/v1/meetings/" + id + "/start").then().statusCode(200)
                    .body("status", equalTo("STARTED"));
            as(creator).when().post("/api/v1/meetings/" + id + "/end").then().statusCode(200)
                    .body("status", equalTo("ENDED"));
            as(creator).body(Map.of("topic", "x")).when().patch("/api/v1/meetings/" + id)
                    .then().statusCode(409).contentType("application/problem+json");

            List<ConsumerRecord<String, byte[]>> records = events.readUntil(
                    rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 3, Duration.ofSeconds(20));
            List<String> types = records.stream().filter(r -> id.equals(r.key())).map(PublishedEvents::assertValid)
                    .map(ConsumedEvent::type).toList();
            assertEquals(List.of(MeetingEvents.SCHEDULED, MeetingEvents.STARTED, MeetingEvents.ENDED), types);
        }
    }

    @Test
    void scheduledMeetingIsCancelledOnlyByItsCreatorAndOnlyBeforeItStarts() {
        String creator = TestTokens.person(UUID.randomUUID());
        String id = as(creator).body(Map.of("topic", "取消的会", "kind", "SCHEDULED",
                "plannedStart", Instant.now().plus(Duration.ofHours(2)).toString()))
                .when().post("/api/v1/meetings").then().statusCode(201).extract().path("id");
        as(TestTokens.person(UUID.randomUUID())).when().post("/api/v1/meetings/" + id + "/cancel")
                .then().statusCode(404);
        as(creator).when().post("/api/v1/meetings/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        as(creator).when().post("/api/v1/meetings/" + id + "/cancel").then().statusCode(409);
    }

    @Test
    void onlyTheHostOrAnAdminOfItsEnterpriseEndsAMeeting() {
        UUID enterprise = UUID.randomUUID();
        String creator = TestTokens.member(UUID.randomUUID(), enterprise);
        JsonPath meeting = as(creator).body(Map.of("topic", "部门会", "kind", "INSTANT", "enterpriseId", enterprise.toString()))
                .when().post("/api/v1/meetings").then().statusCode(201).extract().jsonPath();
        String participant = TestTokens.member(UUID.randomUUID(), enterprise);
        join(participant, meeting.getString("number"), null, "张三");
        as(participant).when().post("/api/v1/meetings/" + meeting.getString("id") + "/end").then().statusCode(403);
        as(TestTokens.admin(UUID.randomUUID(), UUID.randomUUID())).when()
                .post("/api/v1/meetings/" + meeting.getString("id") + "/end").then().statusCode(404);
        as(TestTokens.admin(UUID.randomUUID(), enterprise)).when()
                .post("/api/v1/meetings/" + meeting.getString("id") + "/end").then().statusCode(200)
                .body("status", equalTo("ENDED"));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        String creator = TestTokens.person(UUID.randomUUID());
        as(creator).body(Map.of("topic", "", "kind", "INSTANT")).when().post("/api/v1/meetings")
                .then().statusCode(400).body("errors[0].field", equalTo("topic"));
        as(creator).body(Map.of("topic", "t", "kind", "SCHEDULED")).when().post("/api/v1/meetings")
                .then().statusCode(400).body("errors[0].field", equalTo("plannedStart"));
        as(creator).body(Map.of("topic", "t", "kind", "SCHEDULED", "plannedStart", "tomorrow at nine"))
                .when().post("/api/v1/meetings").then().statusCode(400).body("errors[0].field", equalTo("plannedStart"));
        as(creator).body(Map.of("topic", "t", "kind", "SCHEDULED", "plannedStart", "2020-01-01T00:00:00Z"))
                .when().post("/api/v1/meetings").then().statusCode(400).body("errors[0].field", equalTo("plannedStart"));
        as(creator).body(Map.of("topic", "t", "kind", "INSTANT", "passcode", "12ab"))
                .when().post("/api/v1/meetings").then().statusCode(400).body("errors[0].field", equalTo("passcode"));
        as(creator).body(Map.of("topic", "t", "kind", "WEEKLY")).when().post("/api/v1/meetings")
                .then().statusCode(400).body("errors[0].field", equalTo("kind"));
        as(creator).when().get("/api/v1/meetings/not-a-uuid").then().statusCode(404);
    }

    @Test
    void enterpriseMeetingNeedsMembershipAndAChildCannotCreate() {
        as(TestTokens.person(UUID.randomUUID())).body(Map.of("topic", "t", "kind", "INSTANT",
                "enterpriseId", UUID.randomUUID().toString())).when().post("/api/v1/meetings").then().statusCode(403);
        as(TestTokens.childAwaitingConsent(UUID.randomUUID())).body(Map.of("topic", "t", "kind", "INSTANT"))
                .when().post("/api/v1/meetings").then().statusCode(403).contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("topic", "t", "kind", "INSTANT"))
                .when().post("/api/v1/meetings").then().statusCode(401);
    }

    @Test
    void anotherPersonsMeetingDoesNotExistForThem() {
        String id = createInstant(TestTokens.person(UUID.randomUUID()), "私人会议", null).getString("id");
        as(TestTokens.person(UUID.randomUUID())).when().get("/api/v1/meetings/" + id).then().statusCode(404);
        as(TestTokens.person(UUID.randomUUID())).when().get("/api/v1/meetings/" + id + "/attendance").then().statusCode(404);
    }
}
