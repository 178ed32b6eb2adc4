package io.huiketang.meeting.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** When account-service's keys cannot be fetched, a caller learns it is temporary: 503, not 500. */
@QuarkusTest
@TestProfile(IssuerUnavailableTest.IssuerDown.class)
class IssuerUnavailableTest {

    public static class IssuerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.auth-server-url", "http://127.0.0.1:9");
        }
    }

    @Test
    void tokenThatCannotBeVerifiedYetIsAServiceUnavailableProblem() {
        given().header("Authorization", "Bearer " + TestTokens.person(UUID.randomUUID())).when().get("/test/caller")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("title", equalTo("Service unavailable"));
    }
}
