package io.huiketang.gateway.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.huiketang.gateway.support.People;
import io.huiketang.kit.auth.StaleTokenException;
import io.huiketang.kit.auth.StaleTokens;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The gateway verifies account-service's tokens itself and refuses what it cannot trust, before any service. */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class TokenCheckTest {

    @Inject
    StaleTokens staleTokens;

    @Test
    void protectedPathWithoutATokenIs401Problem() {
        given().when().get("/api/v1/meetings/history")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void malformedTokenIs401Problem() {
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/accounts/me")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void tokenSignedByAnyoneButTheIssuerIs401Problem() {
        given().auth().oauth2(TestTokens.person(UUID.randomUUID())).when().get("/api/v1/accounts/me")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void tamperedTokenIs401Problem() {
        String token = People.token();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().auth().oauth2(forged).when().get("/api/v1/accounts/me")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void publicPathsNeedNoToken() {
        given().when().get("/.well-known/jwks.json").then().statusCode(200);
    }

    @Test
    void sessionLoggedOutIsRefusedAtTheGatewayWithinASecond() {
        String token = People.token();
        given().auth().oauth2(token).when().get("/api/v1/meetings/history").then().statusCode(200);

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/accounts/logout").then().statusCode(204);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                given().auth().oauth2(token).when().get("/api/v1/meetings/history").statusCode() == 401);
    }

    @Test
    void tokenIssuedBeforeItsAccountsRightsChangedIsRefusedAtTheGatewayWithinASecondAsOutOfDate() {
        JsonPath person = People.registerAdult();
        String token = person.getString("tokens.accessToken");
        String other = People.token();
        given().auth().oauth2(token).when().get("/api/v1/meetings/history").then().statusCode(200);

        // What account-service writes when an admin right, a membership or the account's status changes
        staleTokens.markChanged(UUID.fromString(person.getString("accountId")), Instant.now(), Duration.ofMinutes(11))
                .await().indefinitely();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                given().auth().oauth2(token).when().get("/api/v1/meetings/history").statusCode() == 401);
        given().auth().oauth2(token).when().get("/api/v1/meetings/history")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token"))
                .body("type", equalTo("https://huiketang.io/problems/token-out-of-date"))
                .body("detail", equalTo(StaleTokenException.DETAIL))
                .body("instance", equalTo("/api/v1/meetings/history"));
        given().auth().oauth2(other).when().get("/api/v1/meetings/history").then().statusCode(200);
    }
}
