package io.huiketang.kit.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every service refuses, on the next request, a token whose session was revoked or that was issued
 * before its account's rights changed; a token issued after the change, and other people's, pass.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class TokenRevocationCheckTest {

    private static final Duration LIFETIME = Duration.ofMinutes(11);

    @Inject
    StaleTokens staleTokens;

    @Inject
    RevokedSessions revokedSessions;

    @Test
    void tokenIssuedBeforeTheRightsChangedIsRefusedAsOutOfDateAndOneIssuedAfterPasses() {
        UUID person = UUID.randomUUID();
        Instant change = Instant.now();
        String before = TestTokens.personIssuedAt(person, change.minusMillis(1));
        String atTheChange = TestTokens.personIssuedAt(person, change);
        String after = TestTokens.personIssuedAt(person, change.plusMillis(1));
        given().auth().oauth2(before).when().get("/kit-test/caller").then().statusCode(200);

        staleTokens.markChanged(person, change, LIFETIME).await().indefinitely();

        for (String refused : new String[] { before, atTheChange }) {
            given().auth().oauth2(refused).when().get("/kit-test/caller")
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("https://huiketang.io/problems/token-out-of-date"))
                    .body("title", equalTo("Access token out of date"))
                    .body("detail", equalTo(StaleTokenException.DETAIL))
                    .body("instance", equalTo("/kit-test/caller"));
        }
        given().auth().oauth2(after).when().get("/kit-test/caller")
                .then().statusCode(200).body("accountId", equalTo(person.toString()));
    }

    @Test
    void anotherPersonsTokensAreUnaffected() {
        UUID changed = UUID.randomUUID();
        UUID unrelated = UUID.randomUUID();
        String unrelatedToken = TestTokens.personIssuedAt(unrelated, Instant.now().minusSeconds(60));

        staleTokens.markChanged(changed, Instant.now(), LIFETIME).await().indefinitely();

        given().auth().oauth2(unrelatedToken).when().get("/kit-test/caller")
                .then().statusCode(200).body("accountId", equalTo(unrelated.toString()));
    }

    @Test
    void aLaterChangeMovesTheMarkAndAnEarlierOneArrivingLateNeverLowersIt() {
        UUID person = UUID.randomUUID();
        Instant first = Instant.now();
        Instant second = first.plusMillis(500);
        String between = TestTokens.personIssuedAt(person, first.plusMillis(250));

        staleTokens.markChanged(person, first, LIFETIME).await().indefinitely();
        given().auth().oauth2(between).when().get("/kit-test/caller").then().statusCode(200);

        staleTokens.markChanged(person, second, LIFETIME).await().indefinitely();
        staleTokens.markChanged(person, first, LIFETIME).await().indefinitely();

        assertEquals(second.toEpochMilli(), staleTokens.changedAt(person).await().indefinitely());
        given().auth().oauth2(between).when().get("/kit-test/caller").then().statusCode(401)
                .body("type", equalTo("https://huiketang.io/problems/token-out-of-date"));
    }

    @Test
    void tokenOfARevokedSessionIsRefused() {
        UUID person = UUID.randomUUID();
        String token = TestTokens.person(person);
        given().auth().oauth2(token).when().get("/kit-test/caller").then().statusCode(200);

        revokedSessions.revoke(sessionOf(token), LIFETIME).await().indefinitely();

        given().auth().oauth2(token).when().get("/kit-test/caller")
                .then().statusCode(401).contentType("application/problem+json")
                .body("title", equalTo("Unauthorized"))
                .body("detail", equalTo("A valid access token is required."));
    }

    /** The {@code sid} claim, read from the token's payload without verifying it (the test minted it). */
    private static String sessionOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher sid = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(payload);
        if (!sid.find()) {
            throw new AssertionError("no sid in " + payload);
        }
        return sid.group(1);
    }
}
