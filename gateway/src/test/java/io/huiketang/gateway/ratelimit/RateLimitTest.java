package io.huiketang.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.huiketang.gateway.support.People;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Token buckets per subject and route class (the test route "limited" allows 3 requests a minute). */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class RateLimitTest {

    @Test
    void callerOverTheLimitGets429WithRetryAfterAndRateLimitHeaders() {
        String token = People.token();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/api/v1/chat/limited/ping")
                    .then().statusCode(200)
                    .header("RateLimit-Limit", "3")
                    .header("RateLimit-Remaining", Integer.toString(2 - i))
                    .header("RateLimit-Policy", "\"tight\";q=3;w=60");
        }
        given().auth().oauth2(token).when().get("/api/v1/chat/limited/ping")
                .then().statusCode(429).contentType("application/problem+json")
                .body("title", equalTo("Too many requests"))
                .header("Retry-After", notNullValue())
                .header("RateLimit-Remaining", "0")
                .header("RateLimit", containsString("r=0"));
    }

    @Test
    void eachSubjectHasItsOwnBucket() {
        String first = People.token();
        String second = People.token();
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(first).when().get("/api/v1/chat/limited/ping");
        }
        given().auth().oauth2(first).when().get("/api/v1/chat/limited/ping").then().statusCode(429);
        given().auth().oauth2(second).when().get("/api/v1/chat/limited/ping").then().statusCode(200);
    }

    @Test
    void otherRouteClassesAreNotTouchedByTheTightOne() {
        String token = People.token();
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).when().get("/api/v1/chat/limited/ping");
        }
        given().auth().oauth2(token).when().get("/api/v1/chat/echo").then().statusCode(200)
                .header("RateLimit-Policy", containsString("\"default\""));
    }

    @Test
    void callersOfAPublicPathShareTheBucketOfTheirAddress() {
        // Public path: nobody is named, so every anonymous call from this address draws on one bucket
        for (int i = 0; i < 3; i++) {
            given().when().get("/api/v1/recordings/notices/limited/" + i)
                    .then().statusCode(200).header("RateLimit-Remaining", Integer.toString(2 - i));
        }
        given().when().get("/api/v1/recordings/notices/limited/other")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        // A public path checks no token, so a token does not buy a bucket of one's own there
        given().auth().oauth2(People.token()).when().get("/api/v1/recordings/notices/limited/mine")
                .then().statusCode(429);
    }
}
