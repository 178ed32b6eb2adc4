package io.huiketang.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.huiketang.gateway.support.People;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Paths reach the service their route names, through the real account-service and meeting-service. */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class RoutingTest {

    private static JsonPath person;
    private String token;

    @BeforeEach
    void registerThroughTheGatewayOnce() {
        if (person == null) {
            person = People.registerAdult();
        }
        token = person.getString("tokens.accessToken");
    }

    @Test
    void accountPathsReachAccountService() {
        given().auth().oauth2(token).when().get("/api/v1/accounts/me")
                .then().statusCode(200).body("id", equalTo(person.getString("accountId")));
    }

    @Test
    void discoveryDocumentIsPublic() {
        given().when().get("/.well-known/openid-configuration")
                .then().statusCode(200).body("issuer", equalTo(GatewayUpstreams.accountUrl));
    }

    @Test
    void meetingPathsReachMeetingService() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("topic", "经网关创建", "kind", "INSTANT"))
                .when().post("/api/v1/meetings")
                .then().statusCode(201).body("number", matchesPattern("\\d{9}"));
    }

    @Test
    void aLocationNamesThePublicOriginNeverTheServicesAddress() {
        String location = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("topic", "地址", "kind", "INSTANT"))
                .when().post("/api/v1/meetings")
                .then().statusCode(201).extract().header("Location");
        assertTrue(location.startsWith("http://localhost:" + RestAssured.port + "/api/v1/meetings/"), location);
    }

    @Test
    void theRequestIdIsAnsweredOnceWhateverTheServiceSends() {
        // account-service sends its own X-Request-Id (the one the gateway passed on)
        List<String> ids = given().header("X-Request-Id", "gw-once-1").when().get("/.well-known/openid-configuration")
                .then().statusCode(200).extract().headers().getValues("X-Request-Id");
        assertEquals(List.of("gw-once-1"), ids);
    }

    @Test
    void aPathNoRouteClaimsIsAProblem() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void downServiceAnswers503ProblemAtOnce() {
        given().auth().oauth2(token).when().get("/api/v1/privacy/requests")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("title", equalTo("Service unavailable"))
                .body("instance", equalTo("/api/v1/privacy/requests"))
                .body("requestId", notNullValue());
    }

    @Test
    void slowServiceAnswers504ProblemAfterTheRouteTimeout() {
        given().auth().oauth2(token).when().get("/api/v1/recordings/slow")
                .then().statusCode(504).contentType("application/problem+json")
                .body("title", equalTo("Gateway timeout"));
    }

    @Test
    void serverErrorOfAServiceNeverShowsItsStackTrace() {
        given().auth().oauth2(token).when().get("/api/v1/recordings/crash")
                .then().statusCode(500).contentType("application/problem+json")
                .body(not(containsString("NullPointerException")))
                .body(not(containsString("Secret.java")));
    }

    @Test
    void problemsOfAServicePassThroughUnchanged() {
        given().auth().oauth2(token).when().get("/api/v1/meetings/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json")
                .body("instance", equalTo("/api/v1/meetings/00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void bodyOverTheRouteLimitIsRefusedBeforeTheService() {
        given().contentType(ContentType.JSON).body("{\"phone\":\"" + "1".repeat(20_000) + "\"}")
                .when().post("/api/v1/accounts/verification-codes")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("16384"));
    }

    @Test
    void streamedBodyWithoutLengthIsCountedAndCutOffAtTheRouteLimit() {
        given().auth().oauth2(token).contentType(ContentType.BINARY)
                .body(new java.io.ByteArrayInputStream(new byte[200_000]))
                .when().post("/api/v1/recordings/upload")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void streamedBodyUnderTheLimitReachesTheServiceWhole() {
        given().auth().oauth2(token).contentType(ContentType.BINARY)
                .body(new java.io.ByteArrayInputStream(new byte[50_000]))
                .when().post("/api/v1/recordings/upload")
                .then().statusCode(200).body("bodyBytes", equalTo(50_000));
    }

    @Test
    void requestIdIsPassedOnToTheServiceAndBack() {
        given().auth().oauth2(token).header("X-Request-Id", "gw-test-req-1")
                .when().get("/api/v1/chat/echo")
                .then().statusCode(200).header("X-Request-Id", "gw-test-req-1")
                .body("headers.x-request-id", equalTo("gw-test-req-1"));
    }

    @Test
    void requestIdIsGeneratedWhenTheClientSendsNone() {
        String generated = given().auth().oauth2(token).when().get("/api/v1/chat/echo")
                .then().statusCode(200).header("X-Request-Id", notNullValue())
                .extract().header("X-Request-Id");
        given().auth().oauth2(token).header("X-Request-Id", generated).when().get("/api/v1/chat/echo")
                .then().body("headers.x-request-id", equalTo(generated));
    }

    @Test
    void traceContextIsPropagatedToTheService() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().auth().oauth2(token).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .when().get("/api/v1/chat/echo")
                .then().statusCode(200)
                .body("headers.traceparent", startsWith("00-" + traceId + "-"));
    }

    @Test
    void clientClaimsAboutItsAddressAreReplacedAndTheQueryPassedOn() {
        given().auth().oauth2(token).header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=203.0.113.9")
                .when().get("/api/v1/chat/echo?room=42&since=2026-01-01")
                .then().statusCode(200)
                .body("uri", equalTo("/api/v1/chat/echo?room=42&since=2026-01-01"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.forwarded", equalTo(null));
    }

    @Test
    void dotSegmentsCannotReachAnotherRouteUnchecked() {
        given().when().get("/.well-known/../api/v1/accounts/me")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
