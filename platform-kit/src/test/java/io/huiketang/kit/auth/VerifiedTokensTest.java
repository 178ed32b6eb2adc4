package io.huiketang.kit.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A token's signature is verified once per process; what the cache must never do is make a token
 * valid for longer than it is (its expiry), or make a token valid that would not verify (another
 * key). The revoked-session and stale-rights checks still run on every request: a cached token whose
 * session is revoked is refused ({@link TokenRevocationCheckTest} uses each token before revoking it).
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class VerifiedTokensTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aTokenIsVerifiedOnceAndThenAnsweredFromTheCache() {
        String token = TestTokens.person(UUID.randomUUID());
        double misses = count("miss");
        double hits = count("hit");

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/kit-test/caller").then().statusCode(200);
        }

        assertEquals(misses + 1, count("miss"), "verified once");
        assertEquals(hits + 2, count("hit"), "then answered from the cache");
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpired() {
        UUID person = UUID.randomUUID();
        Instant expiry = Instant.now().plusSeconds(2);
        String token = TestTokens.issue(person, "ACTIVE", List.of(), List.of(), Instant.now(),
                claims -> claims.setExpirationTime(NumericDate.fromMilliseconds(expiry.toEpochMilli())));
        given().auth().oauth2(token).when().get("/kit-test/caller").then().statusCode(200);
        given().auth().oauth2(token).when().get("/kit-test/caller").then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/kit-test/caller").then().statusCode(401)
                        .contentType("application/problem+json").body("title", equalTo("Unauthorized")));
    }

    @Test
    void theSameClaimsSignedByAKeyNoLongerTrustedAreRefusedThoughTheirTwinIsCached() throws Exception {
        String trusted = TestTokens.person(UUID.randomUUID());
        given().auth().oauth2(trusted).when().get("/kit-test/caller").then().statusCode(200);

        // A retired (or stolen, or never published) key: same header and claims, another signature
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        JsonWebSignature retired = new JsonWebSignature();
        retired.setPayload(new String(Base64.getUrlDecoder().decode(trusted.split("\\.")[1]), StandardCharsets.UTF_8));
        retired.setKey(generator.generateKeyPair().getPrivate());
        retired.setKeyIdHeaderValue("test-key");
        retired.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);

        given().auth().oauth2(retired.getCompactSerialization()).when().get("/kit-test/caller")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(trusted).when().get("/kit-test/caller").then().statusCode(200);
    }

    private double count(String result) {
        return registry.counter("huiketang_verified_tokens_cache", "result", result).count();
    }
}
