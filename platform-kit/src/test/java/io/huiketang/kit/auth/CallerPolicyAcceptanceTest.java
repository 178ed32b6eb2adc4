package io.huiketang.kit.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link Caller#requirePolicyAccepted()}: refused while the token says the current policy awaits acceptance. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class CallerPolicyAcceptanceTest {

    @Test
    void aTokenMarkedAsAwaitingAcceptanceIsRefusedWithTheVersionNamed() {
        UUID person = UUID.randomUUID();
        String awaiting = TestTokens.issue(person, "ACTIVE", List.of(), List.of(), Instant.now(), claims -> {
            claims.setClaim(Caller.Claims.POLICY_ACCEPTANCE_REQUIRED, true);
            claims.setClaim(Caller.Claims.POLICY_VERSION_REQUIRED, "2027-01-01");
        });
        given().auth().oauth2(awaiting).when().post("/kit-test/caller/policy-gated").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/policy-acceptance-required"))
                .body("detail", containsString("2027-01-01"));
        // Reading is not gated
        given().auth().oauth2(awaiting).when().get("/kit-test/caller").then().statusCode(200);
    }

    @Test
    void aTokenWithoutTheClaimOrWithItFalsePasses() {
        UUID person = UUID.randomUUID();
        given().auth().oauth2(TestTokens.person(person)).when().post("/kit-test/caller/policy-gated")
                .then().statusCode(200).body("accountId", equalTo(person.toString()));
        String accepted = TestTokens.issue(person, "ACTIVE", List.of(), List.of(), Instant.now(),
                claims -> claims.setClaim(Caller.Claims.POLICY_ACCEPTANCE_REQUIRED, false));
        given().auth().oauth2(accepted).when().post("/kit-test/caller/policy-gated").then().statusCode(200);
    }
}
