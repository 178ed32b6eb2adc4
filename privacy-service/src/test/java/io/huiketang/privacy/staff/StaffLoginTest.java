package io.huiketang.privacy.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.StaffTokens;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Staff tokens from the real staff realm of Keycloak beside the platform's tokens: the tenant is
 * chosen by issuer, the staff roles reach {@code @RolesAllowed}, and a platform token never carries
 * a staff role in.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class StaffLoginTest {

    private static final String PROBE = "/privacy-test/staff";

    @Test
    void anOperatorTokenGrantsPrivacyOperatorAndIsRecordedByItsStableSubject() {
        String token = StaffTokens.operator();
        given().auth().oauth2(token).get(PROBE)
                .then().statusCode(200).body("staff", equalTo(true)).body("roles", contains("privacy_operator"));
        given().auth().oauth2(token).get(PROBE + "/operator")
                .then().statusCode(200)
                .body("auditRole", equalTo("privacy_operator"))
                .body("auditId", equalTo("staff:" + StaffTokens.subjectOf(token)));
        given().auth().oauth2(token).get(PROBE + "/auditor").then().statusCode(403);
    }

    @Test
    void anAuditorTokenGrantsAuditorOnly() {
        String token = StaffTokens.auditor();
        given().auth().oauth2(token).get(PROBE + "/auditor")
                .then().statusCode(200).body("auditRole", equalTo("auditor"));
        given().auth().oauth2(token).get(PROBE + "/operator").then().statusCode(403);
    }

    @Test
    void aStaffMemberWithoutAStaffRoleIsStaffButMayDoNothingOfStaff() {
        String token = StaffTokens.none();
        given().auth().oauth2(token).get(PROBE)
                .then().statusCode(200).body("staff", equalTo(true)).body("roles", empty());
        given().auth().oauth2(token).get(PROBE + "/operator").then().statusCode(403);
        given().auth().oauth2(token).get(PROBE + "/auditor").then().statusCode(403);
    }

    @Test
    void aStaffTokenIsNoPersonsToken() {
        given().auth().oauth2(StaffTokens.operator()).get(PROBE + "/person").then().statusCode(403);
        given().auth().oauth2(TestTokens.person(UUID.randomUUID())).get(PROBE + "/person")
                .then().statusCode(200).body("staff", equalTo(false));
    }

    /** The probe's path has a {@code staff} segment: the tenant must come from the issuer, never from the path. */
    @Test
    void aPlatformTokenNamingStaffRolesGetsNoneOfThem() {
        String token = TestTokens.withRoles(UUID.randomUUID(), List.of("user", "privacy_operator", "auditor"));
        given().auth().oauth2(token).get(PROBE)
                .then().statusCode(200).body("staff", equalTo(false)).body("roles", empty());
        given().auth().oauth2(token).get(PROBE + "/operator")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token).get(PROBE + "/auditor").then().statusCode(403);
    }

    @Test
    void aTokenClaimingTheStaffIssuerButNotSignedByTheStaffRealmIsRefused() {
        String forged = TestTokens.issue(UUID.randomUUID(), "ACTIVE", List.of(), List.of(), Instant.now(), claims -> {
            claims.setIssuer(StaffTokens.ISSUER);
            claims.setAudience("privacy-service");
            claims.setClaim("realm_access", Map.of("roles", List.of("privacy_operator")));
        });
        given().auth().oauth2(forged).get(PROBE + "/operator")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aStaffTokenWithAnAlteredPayloadIsRefused() {
        String[] parts = StaffTokens.auditor().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"auditor\"", "\"privacy_operator\"");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        given().auth().oauth2(altered).get(PROBE + "/operator").then().statusCode(401);
    }

    @Test
    void withoutATokenStaffEndpointsAnswer401() {
        given().get(PROBE + "/operator").then().statusCode(401).contentType("application/problem+json");
    }
}
