package io.huiketang.kit.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every service proves at boot, against the real stack: its readiness checks pass for each
 * server it depends on; health, metrics and its API description are served on the management
 * interface and never on the public port; metrics never name a raw path; bad requests are problems.
 * A service's test extends this with {@code @QuarkusTest} and names its readiness checks.
 */
public abstract class ServiceBootContract {

    /** The management interface's root ({@code http://127.0.0.1:<port>/q/}). */
    @TestHTTPResource(value = "", management = true)
    protected URL management;

    @TestHTTPResource("/")
    protected URL publicPort;

    /** The names of the readiness checks this service must report as UP. */
    protected abstract String[] expectedReadinessChecks();

    /** A path under the management interface's root, e.g. {@code health/ready}. */
    protected String managementUrl(String path) {
        return management.toString() + path;
    }

    @Test
    void readinessChecksEveryServerTheServiceDependsOn() {
        given().when().get(managementUrl("health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(expectedReadinessChecks()));
    }

    @Test
    void livenessIsUp() {
        given().when().get(managementUrl("health/live")).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().when().get(managementUrl("metrics")).then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    /** Where the service's API description is: its management interface (the gateway: its public merged one). */
    protected String openApiUrl() {
        return managementUrl("openapi");
    }

    @Test
    void servesItsOpenApiDocument() {
        given().accept("application/json").when().get(openApiUrl())
                .then().statusCode(200)
                .body("openapi", notNullValue())
                .body("components.schemas.Problem.properties.status.type", equalTo("integer"));
    }

    /** Client generators name a method after each operationId: two alike make an invalid document. */
    @Test
    void everyOperationHasAnOperationIdOfItsOwn() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").when().get(openApiUrl())
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Map<String, List<String>> operationsById = new TreeMap<>();
        if (paths != null) {
            paths.forEach((path, item) -> item.forEach((method, operation) -> {
                if (operation instanceof Map<?, ?> op && op.get("operationId") != null) {
                    operationsById.computeIfAbsent(op.get("operationId").toString(), id -> new ArrayList<>())
                            .add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }));
        }
        operationsById.values().removeIf(operations -> operations.size() == 1);
        assertEquals(Map.of(), operationsById, "operationIds used by more than one operation");
    }

    @Test
    void managementEndpointsAreNotOnThePublicPort() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            given().when().get(path).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void metricsNameUnmatchedPathsByAFixedValueNeverTheRawPath() throws Exception {
        String id = UUID.randomUUID().toString();
        // Refused at the HTTP layer (413 before any resource is matched), then one more for no route at all
        RawHttp.Answer refused = RawHttp.send(publicPort, "POST /no-such-path/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n");
        assertEquals(413, refused.status(), refused.head());
        given().when().get("/no-such-path/" + id).then().statusCode(404);
        given().when().get(managementUrl("metrics")).then().statusCode(200).body(not(containsString(id)));
    }

    @Test
    void theRequestIdIsAnsweredOnce() {
        List<String> ids = given().header("X-Request-Id", "boot-contract-2").when().get("/no-such-path")
                .then().extract().headers().getValues("X-Request-Id");
        assertEquals(List.of("boot-contract-2"), ids);
    }

    @Test
    void anOverlongRequestTargetIsAProblemThatDoesNotEchoIt() {
        given().when().get("/" + "a".repeat(5_000))
                .then().statusCode(414).contentType("application/problem+json")
                .body("status", equalTo(414))
                .body("instance", nullValue())
                .body(not(containsString("aaaaaaaaaa")));
    }

    @Test
    void unknownPathIsAProblemWithTheRequestId() {
        given().header("X-Request-Id", "boot-contract-1").when().get("/no-such-path")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .header("X-Request-Id", "boot-contract-1")
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"))
                .body("requestId", equalTo("boot-contract-1"));
    }
}
