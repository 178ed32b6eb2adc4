package io.huiketang.account.token;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * The platform's tokens (ACC-11), verified the way every service verifies them: quarkus-oidc
 * reading this service's discovery document and JWKS over HTTP.
 */
@QuarkusTest
class TokenTest {

    @Inject
    SigningKeys signingKeys;

    @ConfigProperty(name = "huiketang.tokens.issuer")
    String issuer;

    @Test
    void discoveryAndJwksPublishTheSigningAndTheNextKey() {
        given().when().get("/.well-known/openid-configuration")
                .then().statusCode(200)
                .body("issuer", equalTo(issuer))
                .body("jwks_uri", equalTo(issuer + "/.well-known/jwks.json"));
        given().when().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .body("keys", hasSize(org.hamcrest.Matchers.greaterThanOrEqualTo(2)))
                .body("keys.alg", everyItem(equalTo("ES256")))
                .body("keys.crv", everyItem(equalTo("P-256")));
    }

    @Test
    void accessTokenCarriesSessionStatusAndRoles() {
        JsonPath registered = registerAdult(newPhone());
        Map<String, Object> claims = claims(registered.getString("tokens.accessToken"));
        assertEquals(registered.getString("accountId"), claims.get("sub"));
        assertEquals(registered.getString("tokens.sessionId"), claims.get("sid"));
        assertEquals("ACTIVE", claims.get("status"));
        assertEquals(java.util.List.of("user"), claims.get("roles"));
        assertEquals("huiketang", claims.get("aud"));
        assertEquals(600L, ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue());
        // The issue time to the millisecond, compared with the time of a change of the person's rights
        assertEquals(((Number) claims.get("iat")).longValue(), ((Number) claims.get("iat_ms")).longValue() / 1000);
    }

    @Test
    void refreshRotatesAndReusingASpentRefreshTokenEndsTheSession() {
        JsonPath first = registerAdult(newPhone());
        String spent = first.getString("tokens.refreshToken");
        JsonPath second = refresh(spent).then().statusCode(200).extract().jsonPath();
        assertNotEquals(spent, second.getString("refreshToken"));
        me(second.getString("accessToken")).then().statusCode(200);

        // The spent token comes back (a copy in someone else's hands): the whole session ends
        refresh(spent).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/invalid-refresh-token"));
        me(second.getString("accessToken")).then().statusCode(401).contentType("application/problem+json");
        refresh(second.getString("refreshToken")).then().statusCode(401);
    }

    @Test
    void simultaneousRefreshesWithOneTokenLetOneWinAndThenEndTheSession() throws Exception {
        JsonPath registered = registerAdult(newPhone());
        String refreshToken = registered.getString("tokens.refreshToken");
        int callers = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return refresh(refreshToken);
                }));
            }
            start.countDown();
            List<Response> winners = new ArrayList<>();
            for (var answer : answers) {
                Response response = answer.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    winners.add(response);
                } else {
                    assertEquals(401, response.statusCode(), response.asString());
                    assertEquals("https://huiketang.io/problems/invalid-refresh-token", response.jsonPath().getString("type"));
                }
            }
            assertEquals(1, winners.size(), "exactly one refresh spends the token");
            // The others presented a token already spent: a copy exists, so the session is over for everyone
            JsonPath winner = winners.get(0).jsonPath();
            me(winner.getString("accessToken")).then().statusCode(401);
            me(registered.getString("tokens.accessToken")).then().statusCode(401);
            refresh(winner.getString("refreshToken")).then().statusCode(401);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logoutRefusesThatSessionsAccessTokenAtOnceButNotOtherSessions() {
        String phone = newPhone();
        JsonPath registered = registerAdult(phone);
        String access = registered.getString("tokens.accessToken");
        String otherSession = login(phone).getString("accessToken");

        given().header("Authorization", "Bearer " + access).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/accounts/logout").then().statusCode(204);

        me(access).then().statusCode(401);
        me(otherSession).then().statusCode(200);
        refresh(registered.getString("tokens.refreshToken")).then().statusCode(401);
    }

    @Test
    void logoutOfAllSessionsEndsEveryOne() {
        String phone = newPhone();
        String first = registerAdult(phone).getString("tokens.accessToken");
        String second = login(phone).getString("accessToken");
        given().header("Authorization", "Bearer " + second).contentType(ContentType.JSON)
                .body(Map.of("allSessions", true)).when().post("/api/v1/accounts/logout").then().statusCode(204);
        me(first).then().statusCode(401);
        me(second).then().statusCode(401);
    }

    @Test
    void afterKeyRotationOldTokensStillVerifyAndNewOnesUseTheNewKey() {
        String phone = newPhone();
        String before = registerAdult(phone).getString("tokens.accessToken");
        signingKeys.rotate();
        signingKeys.reload();
        String after = login(phone).getString("accessToken");

        assertNotEquals(header(before).get("kid"), header(after).get("kid"));
        assertEquals("ES256", header(after).get("alg"));
        me(before).then().statusCode(200);
        me(after).then().statusCode(200);
    }

    @Test
    void missingForgedOrMalformedTokensAreRefusedWithAProblem() throws Exception {
        given().when().get("/api/v1/accounts/me")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        me("not-a-jwt").then().statusCode(401).contentType("application/problem+json");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        String forged = Jwt.issuer(issuer).subject(java.util.UUID.randomUUID().toString())
                .audience("huiketang").claim("sid", java.util.UUID.randomUUID().toString())
                .claim("status", "ACTIVE").expiresAt(Instant.now().plusSeconds(600))
                .jws().keyId(signingKeys.active().kid()).algorithm(SignatureAlgorithm.ES256)
                .sign(generator.generateKeyPair().getPrivate());
        me(forged).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void malformedRefreshRequestIsAProblem() {
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/accounts/tokens/refresh")
                .then().statusCode(400).body("errors[0].field", equalTo("refreshToken"));
        refresh("never-issued").then().statusCode(401);
    }

    private static io.restassured.response.Response me(String accessToken) {
        return given().header("Authorization", "Bearer " + accessToken).when().get("/api/v1/accounts/me");
    }

    private static io.restassured.response.Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .when().post("/api/v1/accounts/tokens/refresh");
    }

    private static JsonPath login(String phone) {
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", requestCode(phone)))
                .when().post("/api/v1/accounts/logins").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> claims(String jwt) {
        return part(jwt, 1);
    }

    private static Map<String, Object> header(String jwt) {
        return part(jwt, 0);
    }

    private static Map<String, Object> part(String jwt, int index) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
        return JsonPath.from(json).getMap("");
    }
}
