package io.huiketang.account.guardian;

import static io.huiketang.account.support.AccountTestClient.fromAnyAddress;
import static io.huiketang.account.support.AccountTestClient.lastCodeSentTo;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.register;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A child's account waits for a guardian's consent, given with the guardian's own code (ACC-10). */
@QuarkusTest
class GuardianConsentTest {

    @Test
    void childAccountIsPendingUntilTheGuardianConfirmsWithTheirOwnCode() {
        String childPhone = newPhone();
        JsonPath child = register(childPhone, Map.of("birthDate", LocalDate.now().minusYears(10).toString()));
        assertEquals("PENDING_GUARDIAN_CONSENT", child.getString("status"));
        assertTrue(child.getBoolean("guardianConsentRequired"));
        String token = "Bearer " + child.getString("tokens.accessToken");
        assertEquals("PENDING_GUARDIAN_CONSENT", child.getString("tokens.accountStatus"));

        // The child's own number cannot stand in for a guardian's
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("guardianPhone", childPhone)).when().post("/api/v1/accounts/me/guardian-consent/codes")
                .then().statusCode(400).body("errors[0].field", equalTo("guardianPhone"));

        String guardian = newPhone();
        fromAnyAddress().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("guardianPhone", guardian)).when().post("/api/v1/accounts/me/guardian-consent/codes")
                .then().statusCode(202);
        String code = lastCodeSentTo(guardian);
        String wrong = code.equals("999999") ? "888888" : "999999";
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("guardianPhone", guardian, "code", wrong)).when().post("/api/v1/accounts/me/guardian-consent")
                .then().statusCode(400).body("type", equalTo("https://huiketang.io/problems/invalid-code"));

        JsonPath activated = given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("guardianPhone", guardian, "code", code)).when().post("/api/v1/accounts/me/guardian-consent")
                .then().statusCode(200).body("accountStatus", equalTo("ACTIVE")).extract().jsonPath();
        given().header("Authorization", "Bearer " + activated.getString("accessToken"))
                .when().get("/api/v1/accounts/me").then().statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void anAdultNeedsNoGuardian() {
        JsonPath adult = registerAdult(newPhone());
        given().header("Authorization", "Bearer " + adult.getString("tokens.accessToken")).contentType(ContentType.JSON)
                .body(Map.of("guardianPhone", newPhone())).when().post("/api/v1/accounts/me/guardian-consent/codes")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void guardianConsentNeedsALogin() {
        given().contentType(ContentType.JSON).body(Map.of("guardianPhone", newPhone()))
                .when().post("/api/v1/accounts/me/guardian-consent/codes").then().statusCode(401);
    }
}
