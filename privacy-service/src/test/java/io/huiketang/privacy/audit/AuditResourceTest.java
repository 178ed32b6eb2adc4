package io.huiketang.privacy.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.StaffTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The audit endpoints: a person's own reads by role only, auditors' queries, and the verification. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class AuditResourceTest {

    private static final String BASE = "/api/v1/privacy/audit";

    @Inject
    AuditLog log;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void emptyTheLog() throws SQLException {
        AuditTables.reset(dataSource);
    }

    @Test
    void aPersonSeesWhoReadTheirDataByRoleOnlyNewestFirst() {
        UUID person = UUID.randomUUID();
        UUID admin = UUID.randomUUID();
        String staffId = "staff:" + UUID.randomUUID();
        log.append(new AuditLog.Entry(UUID.randomUUID().toString(), "meeting-service",
                Instant.parse("2026-11-01T08:00:00Z"), "enterprise_admin", admin.toString(), person.toString(),
                "personal-data-accessed", "meeting-attendance", "enterprise export"));
        log.append(new AuditLog.Entry(UUID.randomUUID().toString(), "account-service",
                Instant.parse("2026-11-02T09:30:00Z"), "operator", staffId, person.toString(),
                "personal-data-accessed", "account-profile", "ticket 4711"));
        // The person's own action and someone else's data are not "reads of my data"
        log.append("user", person.toString(), person.toString(), "request-opened", "rights-request", "ACCESS");
        log.append("operator", staffId, UUID.randomUUID().toString(), "personal-data-accessed", "account-profile", "x");

        String body = given().auth().oauth2(TestTokens.person(person)).get(BASE + "/my-data-reads")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.actorRole", contains("operator", "enterprise_admin"))
                .body("items.resource", contains("account-profile", "meeting-attendance"))
                .body("items.purpose", contains("ticket 4711", "enterprise export"))
                .body("items.accessedAt", contains("2026-11-02T09:30:00Z", "2026-11-01T08:00:00Z"))
                .body("items.source", contains("account-service", "meeting-service"))
                .body("items[0].actorId", nullValue())
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains(staffId) || body.contains(admin.toString()),
                "no reader's id in the person's view: " + body);

        given().auth().oauth2(TestTokens.person(person)).queryParam("size", "1").queryParam("page", "1")
                .get(BASE + "/my-data-reads")
                .then().statusCode(200).body("items.resource", contains("meeting-attendance"));
        given().auth().oauth2(TestTokens.person(UUID.randomUUID())).get(BASE + "/my-data-reads")
                .then().statusCode(200).body("items", empty());
    }

    @Test
    void myDataReadsRefusesBadPagingStaffAndAnonymousCallers() {
        String person = TestTokens.person(UUID.randomUUID());
        given().auth().oauth2(person).queryParam("size", "0").get(BASE + "/my-data-reads")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("size"));
        given().auth().oauth2(person).queryParam("page", "first").get(BASE + "/my-data-reads")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().auth().oauth2(StaffTokens.operator()).get(BASE + "/my-data-reads").then().statusCode(403);
        given().get(BASE + "/my-data-reads").then().statusCode(401);
    }

    @Test
    void anAuditorQueriesByActorSubjectAndTime() {
        String subject = UUID.randomUUID().toString();
        String otherSubject = UUID.randomUUID().toString();
        String actor = "staff:" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        for (int day = 0; day < 3; day++) {
            log.append(new AuditLog.Entry(UUID.randomUUID().toString(), "account-service",
                    t0.plus(Duration.ofDays(day)), "operator", actor, subject, "personal-data-accessed",
                    "account-profile", "day " + day));
        }
        log.append(new AuditLog.Entry(UUID.randomUUID().toString(), "meeting-service", t0, "enterprise_admin",
                UUID.randomUUID().toString(), otherSubject, "personal-data-accessed", "meeting-attendance", "export"));

        String auditor = StaffTokens.auditor();
        given().auth().oauth2(auditor).queryParam("subjectId", subject).get(BASE + "/records")
                .then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.purpose", contains("day 0", "day 1", "day 2"))
                .body("items.actorId", everyItem(equalTo(actor)))
                .body("items[0].hash", not(nullValue()));
        given().auth().oauth2(auditor).queryParam("actorId", actor)
                .queryParam("from", "2026-10-02T00:00:00Z").queryParam("to", "2026-10-03T00:00:00Z")
                .get(BASE + "/records")
                .then().statusCode(200).body("items.purpose", contains("day 1"));
        given().auth().oauth2(auditor).queryParam("actorId", actor).queryParam("size", "2").queryParam("page", "1")
                .get(BASE + "/records")
                .then().statusCode(200).body("items.purpose", contains("day 2")).body("page", equalTo(1));

        // The auditor's query of the subject is itself in the subject's list of reads
        given().auth().oauth2(TestTokens.person(UUID.fromString(subject))).get(BASE + "/my-data-reads")
                .then().statusCode(200)
                .body("items[0].actorRole", equalTo("auditor"))
                .body("items[0].resource", equalTo("audit-log"));
        given().auth().oauth2(auditor).queryParam("subjectId", subject).get(BASE + "/records")
                .then().statusCode(200)
                .body("items.action", containsInAnyOrder("personal-data-accessed", "personal-data-accessed",
                        "personal-data-accessed", "audit-records-read"))
                .body("items[3].actorId", equalTo("staff:" + StaffTokens.subjectOf(auditor)));
    }

    @Test
    void badQueryParametersAreProblemsNamingTheField() {
        String auditor = StaffTokens.auditor();
        given().auth().oauth2(auditor).queryParam("from", "yesterday").get(BASE + "/records")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"));
        given().auth().oauth2(auditor).queryParam("to", "2026-13-01T00:00:00Z").get(BASE + "/records")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(auditor).queryParam("from", "2026-10-02T00:00:00Z").queryParam("to", "2026-10-01T00:00:00Z")
                .get(BASE + "/records")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(auditor).queryParam("size", "201").get(BASE + "/records")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        given().auth().oauth2(auditor).queryParam("page", "-1").get(BASE + "/records")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().auth().oauth2(auditor).queryParam("actorId", "x".repeat(201)).get(BASE + "/records")
                .then().statusCode(400).body("errors[0].field", equalTo("actorId"));
        given().auth().oauth2(auditor).queryParam("subjectId", "a b").get(BASE + "/records")
                .then().statusCode(400).body("errors[0].field", equalTo("subjectId"));
    }

    @Test
    void onlyAuditorsQueryRecords() {
        given().auth().oauth2(StaffTokens.operator()).get(BASE + "/records").then().statusCode(403);
        given().auth().oauth2(StaffTokens.none()).get(BASE + "/records").then().statusCode(403);
        given().auth().oauth2(TestTokens.withRoles(UUID.randomUUID(), List.of("user", "auditor")))
                .get(BASE + "/records").then().statusCode(403);
        given().get(BASE + "/records").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void auditorsAndOperatorsVerifyTheChainAndSeeWhereItBroke() throws SQLException {
        String subject = UUID.randomUUID().toString();
        log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-1");
        long changed = log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-2");

        given().auth().oauth2(StaffTokens.auditor()).get(BASE + "/verification")
                .then().statusCode(200).body("intact", equalTo(true)).body("firstBrokenSeq", nullValue());
        given().auth().oauth2(StaffTokens.operator()).get(BASE + "/verification")
                .then().statusCode(200).body("intact", equalTo(true));

        AuditTables.asOwner(dataSource, "UPDATE audit_record SET resource = 'elsewhere' WHERE seq = " + changed);

        given().auth().oauth2(StaffTokens.auditor()).get(BASE + "/verification")
                .then().statusCode(200)
                .body("intact", equalTo(false))
                .body("firstBrokenSeq", equalTo((int) changed))
                .body("problem", containsString("changed"));
    }

    @Test
    void nobodyElseVerifies() {
        given().auth().oauth2(StaffTokens.none()).get(BASE + "/verification").then().statusCode(403);
        given().auth().oauth2(TestTokens.person(UUID.randomUUID())).get(BASE + "/verification").then().statusCode(403);
        given().auth().oauth2(TestTokens.withRoles(UUID.randomUUID(), List.of("privacy_operator")))
                .get(BASE + "/verification").then().statusCode(403);
        given().get(BASE + "/verification").then().statusCode(401);
    }
}
