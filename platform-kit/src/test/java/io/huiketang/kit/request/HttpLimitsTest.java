package io.huiketang.kit.request;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.support.KitTopics;
import io.huiketang.kit.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests refused below the application (request line, header size and count) are problems too,
 * and no answer echoes what was too long; metrics name resources by template, never by raw path.
 */
@QuarkusTest
@QuarkusTestResource(KitTopics.class)
class HttpLimitsTest {

    @TestHTTPResource("/")
    URL base;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void overlongRequestLineIsA414ProblemWithoutTheTarget() throws Exception {
        String target = "/kit-test/meetings/" + "7".repeat(5_000);
        RawHttp.Answer answer = RawHttp.send(base, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(414, answer.status(), answer.head());
        assertTrue(answer.isProblem(), answer.head());
        assertFalse(answer.body().contains("7777777777"), answer.body());
    }

    @Test
    void tooLargeHeadersAreA431Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(base, "GET /kit-test/meetings?limit=1 HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Big: " + "b".repeat(30_000) + "\r\n\r\n");
        assertEquals(431, answer.status(), answer.head());
        assertTrue(answer.isProblem(), answer.head());
        assertFalse(answer.body().contains("bbbbbbbbbb"), answer.body());
    }

    @Test
    void tooManyHeadersAreA431Problem() throws Exception {
        StringBuilder request = new StringBuilder("GET /kit-test/meetings?limit=1 HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 300; i++) {
            request.append("X-H").append(i).append(": v\r\n");
        }
        RawHttp.Answer answer = RawHttp.send(base, request.append("\r\n").toString());
        assertEquals(431, answer.status(), answer.head());
        assertTrue(answer.isProblem(), answer.head());
    }

    @Test
    void aLongPathInAProblemIsLeftOutOfItsInstance() {
        given().when().get("/kit-test/meetings/" + "9".repeat(1_000))
                .then().statusCode(404).contentType("application/problem+json")
                .body("instance", nullValue()).body(not(containsString("9999999999")));
        given().when().get("/kit-test/meetings/42")
                .then().statusCode(404).body("instance", equalTo("/kit-test/meetings/42"));
    }

    @Test
    void metricsTagMatchedResourcesByTemplateAndEverythingElseByAFixedValue() {
        String number = UUID.randomUUID().toString();
        given().when().get("/kit-test/meetings/" + number).then().statusCode(404);
        given().when().post("/kit-test/meetings/" + number + "/start").then().statusCode(409);
        given().when().get("/kit-test/nothing/" + number).then().statusCode(404);
        given().when().get(metrics).then().statusCode(200)
                .body(containsString("uri=\"/kit-test/meetings/{number}/start\""))
                .body(not(containsString(number)));
    }
}
