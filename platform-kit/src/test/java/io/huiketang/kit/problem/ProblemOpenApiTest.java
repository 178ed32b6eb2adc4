package io.huiketang.kit.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.support.KitTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every operation documents its failures as problems. */
@QuarkusTest
@QuarkusTestResource(KitTopics.class)
class ProblemOpenApiTest {

    // Served on the management interface only
    @TestHTTPResource(value = "openapi", management = true)
    URL openapi;

    @Test
    void everyOperationHasADefaultProblemResponse() {
        given().accept("application/json").when().get(openapi)
                .then().statusCode(200)
                .body("components.schemas.Problem.required", org.hamcrest.Matchers.hasItems("type", "title", "status"))
                .body("paths.'/kit-test/meetings'.post.responses.default.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/kit-test/meetings/{number}'.get.responses.default.content.'application/problem+json'"
                        + ".schema.$ref", equalTo("#/components/schemas/Problem"));
    }

    @Test
    void declaredErrorResponsesAreProblems() {
        // Quarkus documents the 400 of a validated body itself; the filter gives it the problem schema
        given().accept("application/json").when().get(openapi)
                .then().statusCode(200)
                .body("paths.'/kit-test/meetings'.post.responses.'400'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"));
    }
}
