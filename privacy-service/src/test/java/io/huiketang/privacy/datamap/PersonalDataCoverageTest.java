package io.huiketang.privacy.datamap;

import static io.huiketang.kit.testing.DataMapAssertions.insert;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.privacy.PersonalDataHolder;
import io.huiketang.kit.testing.DataMapAssertions;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * privacy-service is a data holder too (PRV-1): one person with a value in every personal column the
 * map declares (seeded with plain SQL), whose export shows each, and whose erasure treats each as
 * declared (the consent ledger held as evidence, with the hold in the receipt).
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class PersonalDataCoverageTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner retention;

    @Inject
    PersonalDataHolder personalData;

    @Inject
    io.huiketang.privacy.audit.AuditLog auditLog;

    @Test
    void exportShowsAndErasureTreatsEveryPersonalColumnAsTheMapDeclares() throws Exception {
        UUID person = UUID.randomUUID();
        seed(person);

        DataMapAssertions.assertExportAndErasureCover(dataSource, retention.map(), person.toString(), personalData);

        // Held as evidence only: the person's ledger no longer shows a state or feeds a campaign
        String token = TestTokens.person(person);
        given().auth().oauth2(token).when().get("/api/v1/privacy/consents/history").then().statusCode(200)
                .body("entries", hasSize(0));
        given().auth().oauth2(token).when().get("/api/v1/privacy/consents").then().statusCode(200)
                .body("purposes[0].granted", equalTo(false)).body("purposes[0].byDefault", equalTo(true));
    }

    private void seed(UUID person) throws Exception {
        Instant now = Instant.now();
        // A read of the person's data, through the chain's one way in (the hash chain forbids plain inserts)
        auditLog.append("enterprise_admin", UUID.randomUUID().toString(), person.toString(), "read",
                "meeting-attendance", "export of the enterprise's attendance");
        // and one the person made as a reader (an enterprise admin reading a member)
        auditLog.append("enterprise_admin", person.toString(), UUID.randomUUID().toString(), "read",
                "meeting-attendance", "export of the enterprise's attendance");
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, """
                    INSERT INTO consent_ledger (account_id, kind, purpose, granted, policy_version, recorded_at,
                        channel, evidence) VALUES (?, 'POLICY', NULL, true, '2023-05-16', ?, 'APP', 'event:e1')""",
                    person, Timestamp.from(now.minusSeconds(60)));
            insert(connection, """
                    INSERT INTO consent_ledger (account_id, kind, purpose, granted, policy_version, recorded_at,
                        channel, evidence) VALUES (?, 'PURPOSE', 'marketing-sms', true, '2023-05-16', ?, 'WEB',
                        'request:r1 session:s1')""", person, Timestamp.from(now));
            insert(connection, """
                    INSERT INTO rights_request (id, subject_id, kind, origin, status, details, opened_at, due_on,
                        completed_at, resolution) VALUES (?, ?, 'CORRECTION', 'SUBJECT', 'COMPLETED', '生日应为 1月2日', ?,
                        current_date + 21, ?, 'corrected')""", UUID.randomUUID(), person,
                    Timestamp.from(now.minusSeconds(60)), Timestamp.from(now));
        }
    }
}
