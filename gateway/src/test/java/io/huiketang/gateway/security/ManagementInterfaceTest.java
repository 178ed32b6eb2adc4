package io.huiketang.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Health, metrics and API descriptions are never public: not the gateway's own (they are on its
 * management interface) and not the services' (the gateway routes no /q/ path), and the metrics
 * name requests by route pattern, never by a path that could hold an invitation token or an id.
 */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class ManagementInterfaceTest {

    private static final List<String> MANAGEMENT_PATHS = List.of("/q/metrics", "/q/health", "/q/health/ready",
            "/q/health/live", "/q/openapi", "/q/metrics/../health");

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void managementPathsAreNotFoundOnThePublicPorts() {
        for (String path : MANAGEMENT_PATHS) {
            given().when().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("status", equalTo(404));
            given().relaxedHTTPSValidation().baseUri("https://localhost").port(https.getPort())
                    .when().get(path).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void theServicesManagementPathsAreNotRoutedEither() {
        for (String path : List.of("/api/v1/accounts/../../q/metrics", "/Q/health/ready", "/q//health")) {
            given().urlEncodingEnabled(false).when().get(path)
                    .then().statusCode(404).body(not(containsString("kafka"))).body(not(containsString("9092")));
        }
    }

    @Test
    void metricsNameRequestsByRouteNeverByTheirRawPath() {
        String meetingId = UUID.randomUUID().toString();
        String invitationToken = "Xk3_pQ9v-Lm2Zt7Ra1Bc4Dd5Ee6Ff7Gg8Hh9Ii0Jj1K" + meetingId.substring(0, 4);
        String echoId = UUID.randomUUID().toString();
        given().when().get("/api/v1/meetings/" + meetingId).then().statusCode(401);
        given().when().get("/api/v1/invitations/" + invitationToken).then().statusCode(401);
        given().when().get("/api/v1/chat/echo/" + echoId).then().statusCode(401);

        given().when().get("/api/docs/index.html").then().statusCode(200);

        given().when().get(metrics).then().statusCode(200)
                .body(containsString("uri=\"/api/v1/meetings/**\""))
                .body(containsString("uri=\"/api/docs\""))
                .body(not(containsString(meetingId)))
                .body(not(containsString(invitationToken)))
                .body(not(containsString(echoId)));
    }
}
