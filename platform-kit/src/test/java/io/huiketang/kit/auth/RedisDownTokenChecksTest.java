package io.huiketang.kit.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Redis out of reach: whether a token was revoked or is out of date cannot be told, so a request
 * with a token is refused as temporarily unavailable (503 problem, fail closed), never a 500 and
 * never let through; requests that need no token are not affected.
 */
@QuarkusTest
@TestProfile(RedisDownTokenChecksTest.RedisDown.class)
class RedisDownTokenChecksTest {

    public static class RedisDown extends LocalTokensProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            // Nothing listens on the discard port
            overrides.put("quarkus.redis.hosts", "redis://127.0.0.1:9");
            return overrides;
        }
    }

    @Test
    void requestWithATokenIsAServiceUnavailableProblem() {
        given().auth().oauth2(TestTokens.person(UUID.randomUUID())).when().get("/kit-test/caller")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("title", equalTo("Service unavailable"))
                .body("detail", equalTo(TokenChecksUnavailableException.DETAIL));
    }

    @Test
    void requestWithoutATokenIsServedAsUsual() {
        given().when().get("/kit-test/request-id").then().statusCode(200);
    }
}
