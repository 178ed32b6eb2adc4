package io.huiketang.kit.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.support.KitTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every way a request can fail ends in an RFC 9457 problem that names the field and leaks nothing. */
@QuarkusTest
@QuarkusTestResource(KitTopics.class)
class ProblemResponsesTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String VALID = """
            {"topic":"周会","minutes":30,"host":{"name":"Li Lei","email":"li@example.com"},"tags":["weekly"]}""";

    @Test
    void validRequestPasses() {
        given().contentType(ContentType.JSON).body(VALID).when().post("/kit-test/meetings")
                .then().statusCode(200).body("topic", equalTo("周会"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().contentType(ContentType.JSON).body("{\"topic\": \"a\",").when().post("/kit-test/meetings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Malformed JSON"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/kit-test/meetings"))
                .body("requestId", notNullValue());
    }

    @Test
    void fieldOfTheWrongTypeIsNamed() {
        given().contentType(ContentType.JSON)
                .body("{\"topic\":\"a\",\"minutes\":\"half an hour\",\"host\":{\"name\":\"x\"}}")
                .when().post("/kit-test/meetings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Invalid request"))
                .body("errors[0].field", equalTo("minutes"))
                .body("detail", equalTo("The field 'minutes' has the wrong type or format."));
    }

    @Test
    void everyInvalidFieldIsListedWithItsPath() {
        given().contentType(ContentType.JSON)
                .body("{\"topic\":\"\",\"minutes\":0,\"host\":{\"name\":\"x\",\"email\":\"not-an-email\"},"
                        + "\"tags\":[\"ok\",\" \"]}")
                .when().post("/kit-test/meetings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Invalid request"))
                .body("detail", equalTo("4 fields are invalid."))
                .body("errors", hasSize(4))
                .body("errors.field", org.hamcrest.Matchers.contains("host.email", "minutes", "tags[1]", "topic"));
    }

    @Test
    void missingBodyIsAProblem() {
        given().contentType(ContentType.JSON).when().post("/kit-test/meetings")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("meeting"));
    }

    @Test
    void invalidQueryParameterIsNamed() {
        given().queryParam("limit", 1000).when().get("/kit-test/meetings")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("limit"))
                .body("detail", equalTo("The field 'limit' must be less than or equal to 100."));
    }

    @Test
    void unknownResourceIsNotFound() {
        given().when().get("/kit-test/meetings/123456789")
                .then().statusCode(404).contentType(PROBLEM)
                .body("title", equalTo("Not found"))
                .body("detail", equalTo("No meeting with this number exists."));
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        given().when().delete("/kit-test/meetings")
                .then().statusCode(405).contentType(PROBLEM).body("title", equalTo("Method not allowed"));
    }

    @Test
    void wrongContentTypeIsUnsupportedMediaType() {
        given().contentType(ContentType.XML).body("<meeting/>").when().post("/kit-test/meetings")
                .then().statusCode(415).contentType(PROBLEM).body("title", equalTo("Unsupported media type"));
    }

    @Test
    void oversizeBodyIsPayloadTooLarge() {
        String big = "{\"topic\":\"" + "x".repeat(70 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(big).when().post("/kit-test/meetings")
                .then().statusCode(413).contentType(PROBLEM)
                .body("title", equalTo("Payload too large"))
                .body("detail", equalTo("The request body is larger than 65536 bytes."));
    }

    @Test
    void conflictIsAProblem() {
        given().when().post("/kit-test/meetings/1/start")
                .then().statusCode(409).contentType(PROBLEM).body("detail", equalTo("The meeting has already ended."));
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        given().when().get("/kit-test/limited")
                .then().statusCode(429).contentType(PROBLEM)
                .header("Retry-After", "2")
                .body("title", equalTo("Too many requests"));
    }

    @Test
    void forbiddenDoesNotEchoTheReason() {
        given().when().get("/kit-test/secured")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("You are not allowed to do this."))
                .body(not(containsString("enterprise 42")));
    }

    @Test
    void serverFaultHidesItsInternalsAndGivesTheRequestId() {
        given().header("X-Request-Id", "trace-me-123").when().get("/kit-test/boom")
                .then().statusCode(500).contentType(PROBLEM)
                .header("X-Request-Id", "trace-me-123")
                .body("requestId", equalTo("trace-me-123"))
                .body(not(containsString("hunter2")))
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("at io.huiketang")));
    }

    @Test
    void requestIdIsInTheLoggingContextOfTheRequest() {
        given().header("X-Request-Id", "abc-123").when().get("/kit-test/request-id")
                .then().statusCode(200).body(equalTo("abc-123")).header("X-Request-Id", "abc-123");
    }

    @Test
    void unsafeRequestIdIsReplacedWithANewOne() {
        given().header("X-Request-Id", "has spaces <and> markup").when().get("/kit-test/request-id")
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .body(matchesPattern("[0-9a-f-]{36}"));
    }
}
