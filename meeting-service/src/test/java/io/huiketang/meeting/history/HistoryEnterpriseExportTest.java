package io.huiketang.meeting.history;

import static io.huiketang.meeting.history.HistoryFixtures.as;
import static io.huiketang.meeting.history.HistoryFixtures.cst;
import static io.huiketang.meeting.history.HistoryFixtures.held;
import static io.huiketang.meeting.history.HistoryFixtures.notStarted;
import static io.huiketang.meeting.history.HistoryFixtures.parseCsv;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.audit.AuditTrail;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.meeting.meeting.Meeting;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** An enterprise's ongoing and ended meetings, exported by its administrators only (MTG-5). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class HistoryEnterpriseExportTest {

    static String export(UUID enterpriseId) {
        return "/api/v1/meetings/enterprise/" + enterpriseId + "/export";
    }

    record Enterprise(UUID id, Meeting ongoing, Meeting ended) {
    }

    /** An enterprise with one meeting in every state, and another enterprise's meeting on the same day. */
    static Enterprise enterprise() {
        UUID id = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        Meeting ended = held(member, id, "周会, 第1期", cst("2024-08-01T09:00"), cst("2024-08-01T10:00"));
        Meeting ongoing = held(member, id, "@全员 大会", cst("2024-08-02T09:00"), null);
        notStarted(member, id, "还没开", Meeting.Status.SCHEDULED, cst("2024-08-01T08:00"));
        notStarted(member, id, "取消了", Meeting.Status.CANCELLED, cst("2024-08-01T08:00"));
        held(UUID.randomUUID(), UUID.randomUUID(), "别家公司的会", cst("2024-08-01T09:00"), cst("2024-08-01T10:00"));
        return new Enterprise(id, ongoing, ended);
    }

    static List<List<String>> csv(Response response) {
        byte[] body = response.asByteArray();
        assertArrayEquals(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, Arrays.copyOf(body, 3));
        return parseCsv(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
    }

    static final List<String> HEADER = List.of("meeting_id", "meeting_number", "topic", "status", "start", "end");

    @Test
    void anAdminExportsTheEnterprisesOngoingAndEndedMeetingsAndTheExportIsAudited() {
        Enterprise e = enterprise();
        UUID admin = UUID.randomUUID();
        try (TopicReader audit = TopicReader.fromNow(AuditTrail.TOPIC)) {
            Response response = as(TestTokens.admin(admin, e.id())).queryParam("from", "2024-08-01")
                    .queryParam("to", "2024-08-31").when().get(export(e.id()));
            response.then().statusCode(200).contentType("text/csv; charset=UTF-8")
                    .header("Content-Disposition",
                            "attachment; filename=\"enterprise-meetings_all_2024-08-01_2024-08-31.csv\"");
            assertEquals(List.of(HEADER,
                    List.of(e.ongoing().id.toString(), e.ongoing().number, "'@全员 大会", "STARTED", "2024-08-02 09:00:00", ""),
                    List.of(e.ended().id.toString(), e.ended().number, "周会, 第1期", "ENDED", "2024-08-01 09:00:00",
                            "2024-08-01 10:00:00")),
                    csv(response));

            // The enterprise is the subject: the file is its list, not any one person's record
            ConsumedEvent read = audit.readUntil(rs -> rs.stream().anyMatch(r -> e.id().toString().equals(r.key())),
                    Duration.ofSeconds(20)).stream().filter(r -> e.id().toString().equals(r.key()))
                    .map(PublishedEvents::assertValid).findFirst().orElseThrow();
            assertEquals(AuditTrail.PERSONAL_DATA_ACCESSED, read.type());
            assertEquals(admin.toString(), read.data().get("actorId").asText());
            assertEquals("enterprise_admin", read.data().get("actorRole").asText());
            assertEquals(e.id().toString(), read.data().get("subjectId").asText());
            assertEquals("enterprise-meetings", read.data().get("resource").asText());
        }
    }

    @Test
    void theStatusChoosesOngoingOrEndedMeetings() {
        Enterprise e = enterprise();
        String token = TestTokens.admin(UUID.randomUUID(), e.id());
        List<List<String>> ongoing = csv(as(token).queryParam("from", "2024-08-01").queryParam("to", "2024-08-31")
                .queryParam("status", "ONGOING").when().get(export(e.id())).then().statusCode(200).extract().response());
        assertEquals(List.of(e.ongoing().id.toString()), ongoing.stream().skip(1).map(r -> r.get(0)).toList());
        List<List<String>> ended = csv(as(token).queryParam("from", "2024-08-01").queryParam("to", "2024-08-31")
                .queryParam("status", "ended").when().get(export(e.id())).then().statusCode(200).extract().response());
        assertEquals(List.of(e.ended().id.toString()), ended.stream().skip(1).map(r -> r.get(0)).toList());
        List<List<String>> elsewhen = csv(as(token).queryParam("from", "2024-09-01").queryParam("to", "2024-09-30")
                .when().get(export(e.id())).then().statusCode(200).extract().response());
        assertEquals(List.of(HEADER), elsewhen);
    }

    @Test
    void aMemberWhoIsNotAnAdminIsRefused() {
        Enterprise e = enterprise();
        as(TestTokens.member(UUID.randomUUID(), e.id())).when().get(export(e.id()))
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anAdminOfAnotherEnterpriseIsRefused() {
        Enterprise e = enterprise();
        as(TestTokens.admin(UUID.randomUUID(), UUID.randomUUID())).when().get(export(e.id()))
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anOutsiderIsRefusedAlikeWhetherOrNotTheEnterpriseExists() {
        Enterprise e = enterprise();
        String outsider = TestTokens.person(UUID.randomUUID());
        as(outsider).queryParam("status", "NONSENSE").when().get(export(e.id()))
                .then().statusCode(403).contentType("application/problem+json");
        as(outsider).when().get(export(UUID.randomUUID()))
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheField() {
        UUID enterprise = UUID.randomUUID();
        as(TestTokens.admin(UUID.randomUUID(), enterprise)).queryParam("status", "SCHEDULED")
                .when().get(export(enterprise))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void malformedDatesAreRefusedNamingTheField() {
        UUID enterprise = UUID.randomUUID();
        as(TestTokens.admin(UUID.randomUUID(), enterprise)).queryParam("from", "2024-02-30")
                .when().get(export(enterprise))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"));
    }

    @Test
    void withoutATokenTheExportIsRefused() {
        given().when().get(export(UUID.randomUUID())).then().statusCode(401).contentType("application/problem+json");
    }
}
