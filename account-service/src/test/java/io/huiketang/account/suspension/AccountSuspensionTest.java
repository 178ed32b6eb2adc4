package io.huiketang.account.suspension;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.refresh;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.token.Session;
import io.huiketang.kit.auth.StaleTokens;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The platform suspends an account: within a second every token of every session of it is refused
 * (here and, through the stale-token mark, in every service), it can neither refresh nor log in,
 * and nobody else is touched.
 */
@QuarkusTest
class AccountSuspensionTest {

    private static final String SUSPENDED = "https://huiketang.io/problems/account-suspended";

    @Inject
    AccountSuspensions suspensions;

    @Inject
    StaleTokens staleTokens;

    @Test
    void suspendedAccountsTokensAreRefusedWithinASecondAndItCanNeitherRefreshNorLogIn() {
        String phone = newPhone();
        JsonPath registered = registerAdult(phone);
        UUID accountId = UUID.fromString(registered.getString("accountId"));
        JsonPath otherDevice = login(phone).then().statusCode(200).extract().jsonPath();
        JsonPath unrelated = registerAdult(newPhone());
        List<String> tokens = List.of(registered.getString("tokens.accessToken"), otherDevice.getString("accessToken"));
        tokens.forEach(token -> me(token).then().statusCode(200));

        Instant suspendedFrom = Instant.now();
        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            suspensions.suspend(accountId);

            for (String token : tokens) {
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                        .until(() -> me(token).statusCode() == 401);
            }
            for (String refreshToken : List.of(registered.getString("tokens.refreshToken"),
                    otherDevice.getString("refreshToken"))) {
                refresh(refreshToken).then().statusCode(403).contentType("application/problem+json")
                        .body("type", equalTo(SUSPENDED));
            }
            login(phone).then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo(SUSPENDED))
                    .body("detail", equalTo("This account has been suspended by the platform; contact support."));

            List<ConsumedEvent> ours = events.readUntil(rs -> rs.stream().filter(r -> accountId.toString().equals(r.key()))
                    .filter(r -> new String(r.value()).contains(AccountEvents.SESSION_REVOKED)).count() >= 2,
                    Duration.ofSeconds(20)).stream().filter(r -> accountId.toString().equals(r.key()))
                    .map(PublishedEvents::assertValid).toList();
            assertTrue(ours.stream().anyMatch(e -> e.type().equals(AccountEvents.ACCOUNT_UPDATED)
                    && e.data().get("status").asText().equals("SUSPENDED")), ours.toString());
            assertEquals(2, ours.stream().filter(e -> e.type().equals(AccountEvents.SESSION_REVOKED))
                    .filter(e -> e.data().get("reason").asText().equals("ACCOUNT_SUSPENDED")).count());
        }

        // What the other services read: the account's tokens up to the suspension are out of date
        Long mark = staleTokens.changedAt(accountId).await().indefinitely();
        assertNotNull(mark);
        assertTrue(mark >= suspendedFrom.toEpochMilli());
        assertEquals(AccountStatus.SUSPENDED,
                QuarkusTransaction.requiringNew().call(() -> Account.<Account>findById(accountId).status));

        me(unrelated.getString("tokens.accessToken")).then().statusCode(200).body("status", equalTo("ACTIVE"));
        refresh(unrelated.getString("tokens.refreshToken")).then().statusCode(200);
    }

    @Test
    void aSessionThatEscapedTheSuspensionIsEndedAtItsNextRefresh() {
        JsonPath registered = registerAdult(newPhone());
        UUID accountId = UUID.fromString(registered.getString("accountId"));
        UUID sessionId = UUID.fromString(registered.getString("tokens.sessionId"));
        suspensions.suspend(accountId);
        // As if the session had been opened by a login that committed just after the suspension listed them
        QuarkusTransaction.requiringNew().run(() -> Session.update("revokedAt = null, revokeReason = null where id = ?1",
                sessionId));

        refresh(registered.getString("tokens.refreshToken")).then().statusCode(403).body("type", equalTo(SUSPENDED));

        assertEquals("ACCOUNT_SUSPENDED", QuarkusTransaction.requiringNew().call(() ->
                Session.<Session>findById(sessionId).revokeReason));
    }

    @Test
    void suspendingIsIdempotentAndACancelledOrUnknownAccountCannotBeSuspended() {
        UUID accountId = UUID.fromString(registerAdult(newPhone()).getString("accountId"));
        suspensions.suspend(accountId);
        suspensions.suspend(accountId);
        assertEquals(AccountStatus.SUSPENDED,
                QuarkusTransaction.requiringNew().call(() -> Account.<Account>findById(accountId).status));

        UUID cancelled = UUID.fromString(registerAdult(newPhone()).getString("accountId"));
        QuarkusTransaction.requiringNew().run(() -> Account.update("status = ?1 where id = ?2", AccountStatus.CANCELLED,
                cancelled));
        assertEquals(409, assertThrows(ProblemException.class, () -> suspensions.suspend(cancelled)).problem().status());
        assertEquals(404, assertThrows(ProblemException.class, () -> suspensions.suspend(UUID.randomUUID()))
                .problem().status());
    }

    private static io.restassured.response.Response me(String accessToken) {
        return given().auth().oauth2(accessToken).when().get("/api/v1/accounts/me");
    }

    private static io.restassured.response.Response login(String phone) {
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", requestCode(phone)))
                .when().post("/api/v1/accounts/logins");
    }
}
