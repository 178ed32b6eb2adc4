package io.huiketang.meeting.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.SmsOutbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A consuming service verifies account-service's tokens itself (quarkus-oidc against the issuer's
 * discovery document and JWKS, configured once in platform-kit) and refuses a revoked session at once.
 */
@QuarkusTest
@QuarkusTestResource(value = AccountServiceProcess.class, restrictToAnnotatedClass = true)
class PlatformTokenVerificationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void tokenFromAccountServiceIsVerifiedHereAndItsClaimsRead() {
        JsonPath person = register(Map.of("ageBracket", "ADULT"));
        given().header("Authorization", "Bearer " + person.getString("tokens.accessToken"))
                .when().get("/test/caller")
                .then().statusCode(200)
                .body("accountId", equalTo(person.getString("accountId")))
                .body("sessionId", equalTo(person.getString("tokens.sessionId")))
                .body("status", equalTo("ACTIVE"));
    }

    @Test
    void sessionEndedAtAccountServiceIsRefusedHereWithinASecond() {
        String token = register(Map.of("ageBracket", "ADULT")).getString("tokens.accessToken");
        given().header("Authorization", "Bearer " + token).when().get("/test/caller").then().statusCode(200);

        given().baseUri(AccountServiceProcess.baseUrl).header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON).body("{}").when().post("/api/v1/accounts/logout")
                .then().statusCode(204);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                given().header("Authorization", "Bearer " + token).when().get("/test/caller").statusCode() == 401);
    }

    @Test
    void childAwaitingGuardianConsentIsAuthenticatedButRefusedMeetingFeatures() {
        String token = register(Map.of("birthDate", LocalDate.now().minusYears(9).toString()))
                .getString("tokens.accessToken");
        given().header("Authorization", "Bearer " + token).when().get("/test/caller")
                .then().statusCode(200).body("status", equalTo("PENDING_GUARDIAN_CONSENT"));
        given().header("Authorization", "Bearer " + token).when().get("/test/caller/active")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void missingOrForgedTokensAreRefusedWithAProblem() {
        given().when().get("/test/caller").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln").when().get("/test/caller")
                .then().statusCode(401).contentType("application/problem+json");
    }

    private static JsonPath register(Map<String, Object> age) {
        String phone = "+86136" + String.format("%08d", RANDOM.nextInt(100_000_000));
        given().baseUri(AccountServiceProcess.baseUrl).contentType(ContentType.JSON).body(Map.of("phone", phone))
                .header("X-Forwarded-For", "198.19." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254)))
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(202);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("phone", phone, "code", codeSentTo(phone),
                "displayName", "参会人", "policyVersion", "2023-05-16"));
        body.putAll(age);
        return given().baseUri(AccountServiceProcess.baseUrl).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/accounts/registrations").then().statusCode(201).extract().jsonPath();
    }

    private static String codeSentTo(String phone) {
        return SmsOutbox.lastCodeSentTo(AccountServiceProcess.SMS_OUTBOX, phone);
    }
}
