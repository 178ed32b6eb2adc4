package io.huiketang.kit.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

/**
 * What every service proves at boot, against the real stack: its readiness checks pass for each
 * server it depends on, and it serves metrics, its API description and problem responses.
 * A service's test extends this with {@code @QuarkusTest} and names its readiness checks.
 */
public abstract class ServiceBootContract {

    /** The names of the readiness checks this service must report as UP. */
    protected abstract String[] expectedReadinessChecks();

    @Test
    void readinessChecksEveryServerTheServiceDependsOn() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(expectedReadinessChecks()));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void servesItsOpenApiDocument() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", notNullValue())
                .body("components.schemas.Problem.properties.status.type", equalTo("integer"));
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
