package io.huiketang.account.cancellation;

import static io.huiketang.account.support.AccountTestClient.fromAnyAddress;
import static io.huiketang.account.support.AccountTestClient.lastCodeSentTo;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.huiketang.account.account.AgeBracket;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.Mailbox;
import io.huiketang.account.token.Sessions;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Account cancellation (注销, ACC-9): confirmed by a code, every token refused at once, erasure requested. */
@QuarkusTest
class CancellationTest {

    @Inject
    Sessions sessions;

    @Test
    void theRightCodeCancelsRevokesEveryTokenAtOnceAndRequestsTheErasure() {
        String phone = newPhone();
        JsonPath registered = registerAdult(phone);
        String accountId = registered.getString("accountId");
        String access = registered.getString("tokens.accessToken");
        String otherDevice = login(phone).getString("accessToken");

        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            sendCode(access).then().statusCode(202).body("channel", equalTo("SMS"))
                    .body("expiresInSeconds", equalTo(300));
            String code = lastCodeSentTo(phone);
            cancel(access, code.equals("000000") ? "111111" : "000000").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://huiketang.io/problems/invalid-code"));
            me(access).then().statusCode(200).body("status", equalTo("ACTIVE"));

            JsonPath cancelled = cancel(access, code).then().statusCode(202).extract().jsonPath();
            String erasure = cancelled.getString("erasureRequestId");
            assertEquals("/api/v1/privacy/receipts/" + erasure, cancelled.getString("receiptUrl"));

            me(access).then().statusCode(401).contentType("application/problem+json");
            me(otherDevice).then().statusCode(401);
            given().contentType(ContentType.JSON).body(Map.of("refreshToken", registered.getString("tokens.refreshToken")))
                    .when().post("/api/v1/accounts/tokens/refresh").then().statusCode(401);
            given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", requestCode(phone)))
                    .when().post("/api/v1/accounts/logins").then().statusCode(404);

            List<ConsumedEvent> ours = events.readUntil(rs -> rs.stream().filter(r -> accountId.equals(r.key()))
                    .anyMatch(r -> new String(r.value()).contains(AccountEvents.CANCELLATION_REQUESTED)),
                    Duration.ofSeconds(20))
                    .stream().filter(r -> accountId.equals(r.key())).map(PublishedEvents::assertValid).toList();
            ConsumedEvent requested = ours.stream().filter(e -> e.type().equals(AccountEvents.CANCELLATION_REQUESTED))
                    .findFirst().orElseThrow();
            assertEquals(accountId, requested.data().get("accountId").asText());
            assertEquals(erasure, requested.data().get("erasureRequestId").asText(),
                    "privacy-service opens the erasure under the id the person was given");
            assertEquals(2, ours.stream().filter(e -> e.type().equals(AccountEvents.SESSION_REVOKED))
                    .filter(e -> e.data().get("reason").asText().equals("ACCOUNT_CANCELLED")).count());
            assertTrue(ours.stream().anyMatch(e -> e.type().equals(AccountEvents.ACCOUNT_UPDATED)
                    && e.data().get("status").asText().equals("CANCELLED")));
        }
    }

    @Test
    void withoutARequestedCodeOrWithAMalformedOneNothingIsCancelled() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        cancel(access, "123456").then().statusCode(400)
                .body("type", equalTo("https://huiketang.io/problems/invalid-code"));
        cancel(access, "12ab").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("code"));
        fromAnyAddress().header("Authorization", "Bearer " + access).contentType(ContentType.JSON).body("{")
                .when().post("/api/v1/accounts/me/cancellation").then().statusCode(400);
        given().when().post("/api/v1/accounts/me/cancellation/codes").then().statusCode(401)
                .contentType("application/problem+json");
        me(access).then().statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void anAccountWithoutANumberConfirmsWithACodeToItsVerifiedEmail() {
        String email = Mailbox.newAddress();
        String access = accountWithoutPhone(email, true);
        sendCode(access).then().statusCode(202).body("channel", equalTo("EMAIL"));
        cancel(access, Mailbox.lastCodeSentTo(email)).then().statusCode(202);
        me(access).then().statusCode(401);
    }

    @Test
    void anAccountWithNeitherANumberNorAVerifiedEmailCannotConfirm() {
        String access = accountWithoutPhone(Mailbox.newAddress(), false);
        sendCode(access).then().statusCode(409).contentType("application/problem+json");
        cancel(access, "123456").then().statusCode(409);
    }

    /** An account as enterprise SSO creates it: no mobile number, the e-mail from the identity provider. */
    private String accountWithoutPhone(String email, boolean verified) {
        Account account = QuarkusTransaction.requiringNew().call(() -> {
            Account a = new Account();
            a.id = UUID.randomUUID();
            a.displayName = "SSO 用户";
            a.email = email;
            a.emailVerified = verified;
            a.status = AccountStatus.ACTIVE;
            a.ageBracket = AgeBracket.ADULT;
            a.createdAt = Instant.now();
            a.updatedAt = a.createdAt;
            a.persist();
            return a;
        });
        return sessions.open(account, "SSO").accessToken();
    }

    private static Response sendCode(String access) {
        return fromAnyAddress().header("Authorization", "Bearer " + access)
                .when().post("/api/v1/accounts/me/cancellation/codes");
    }

    private static Response cancel(String access, String code) {
        return fromAnyAddress().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
                .body(Map.of("code", code)).when().post("/api/v1/accounts/me/cancellation");
    }

    private static Response me(String access) {
        return given().header("Authorization", "Bearer " + access).when().get("/api/v1/accounts/me");
    }

    private static JsonPath login(String phone) {
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", requestCode(phone)))
                .when().post("/api/v1/accounts/logins").then().statusCode(200).extract().jsonPath();
    }
}
