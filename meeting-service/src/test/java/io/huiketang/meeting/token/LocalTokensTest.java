package io.huiketang.meeting.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The test tokens that meeting-service's feature tests use are verified like real ones. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class LocalTokensTest {

    @Test
    void testTokenIsVerifiedAndItsClaimsRead() {
        UUID person = UUID.randomUUID();
        given().header("Authorization", "Bearer " + TestTokens.person(person)).when().get("/test/caller")
                .then().statusCode(200).body("accountId", equalTo(person.toString())).body("status", equalTo("ACTIVE"));
    }

    @Test
    void tokenOfAnotherIssuerOrKeyIsRefused() {
        String token = TestTokens.person(UUID.randomUUID());
        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        given().header("Authorization", "Bearer " + tampered).when().get("/test/caller")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
