package io.huiketang.account.profile;

import static io.huiketang.account.support.AccountTestClient.fromAnyAddress;
import static io.huiketang.account.support.AccountTestClient.lastCodeSentTo;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.AccountTestClient;
import io.huiketang.account.support.Enterprises;
import io.huiketang.account.support.Mailbox;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** A person's own data (ACC-8): view, correct, change e-mail and mobile number. */
@QuarkusTest
class ProfileTest {

    private static final String INVALID_CODE = "https://huiketang.io/problems/invalid-code";

    @Test
    void profileShowsTheEntitlementsFromTheDatabaseAndNoWeChatWhenUnbound() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        as(access).when().get("/api/v1/accounts/me").then().statusCode(200)
                .body("wechat", nullValue())
                .body("entitlements.roles", contains("user"))
                .body("entitlements.enterprises", equalTo(List.of()));

        String enterpriseId = Enterprises.create(access, "会客厅测试企业").getString("id");
        // The access token predates the enterprise: the profile reads the database
        as(access).when().get("/api/v1/accounts/me").then().statusCode(200)
                .body("entitlements.roles", contains("user", "enterprise_admin"))
                .body("entitlements.enterprises", contains(enterpriseId))
                .body("entitlements.adminOf", contains(enterpriseId));
    }

    @Test
    void correctingNameAndAvatarPublishesWhichFieldsChangedButNotTheirValues() {
        JsonPath registered = registerAdult(newPhone());
        String accountId = registered.getString("accountId");
        String access = registered.getString("tokens.accessToken");
        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            patch(access, Map.of("displayName", "  李 明  ", "avatarUrl", "https://media.huiketang.io/a/li.png"))
                    .then().statusCode(200)
                    .body("displayName", equalTo("李 明"))
                    .body("avatarUrl", equalTo("https://media.huiketang.io/a/li.png"));
            patch(access, Map.of("avatarUrl", "")).then().statusCode(200).body("avatarUrl", nullValue())
                    .body("displayName", equalTo("李 明"));

            // The registration's own events may still be on their way: only the updates count here
            List<ConsumedEvent> updates = events.readUntil(rs -> PublishedEvents.ofType(rs.stream()
                    .filter(r -> accountId.equals(r.key())).toList(), AccountEvents.ACCOUNT_UPDATED).size() >= 2,
                    Duration.ofSeconds(20)).stream().filter(r -> accountId.equals(r.key()))
                    .map(PublishedEvents::assertValid).filter(e -> e.type().equals(AccountEvents.ACCOUNT_UPDATED))
                    .toList();
            assertEquals("[\"displayName\",\"avatarUrl\"]", updates.get(0).data().get("changed").toString());
            assertEquals("[\"avatarUrl\"]", updates.get(1).data().get("changed").toString());
            assertFalse(updates.get(0).data().toString().contains("李"), "no values in the event");
        }
    }

    @Test
    void invalidCorrectionsAreProblemsNamingTheField() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        patch(access, Map.of("displayName", "   ")).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("displayName"));
        patch(access, Map.of("displayName", "x".repeat(65))).then().statusCode(400)
                .body("errors[0].field", equalTo("displayName"));
        patch(access, Map.of("avatarUrl", "http://cdn.example.com/a.png")).then().statusCode(400)
                .body("errors[0].field", equalTo("avatarUrl")).body("errors[0].message", equalTo("must be an https URL"));
        patch(access, Map.of("avatarUrl", "javascript:alert(1)")).then().statusCode(400)
                .body("errors[0].field", equalTo("avatarUrl"));
        patch(access, Map.of()).then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("Nothing to change: give displayName or avatarUrl."));
        as(access).contentType(ContentType.JSON).body("{\"displayName\":").when().patch("/api/v1/accounts/me")
                .then().statusCode(400).body("title", equalTo("Malformed JSON"));
        given().contentType(ContentType.JSON).body(Map.of("displayName", "x")).when().patch("/api/v1/accounts/me")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void emailIsChangedOnlyWithTheCodeSentToTheNewAddress() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        String email = Mailbox.newAddress();
        as(access).contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase()))
                .when().post("/api/v1/accounts/me/email/codes")
                .then().statusCode(202).body("expiresInSeconds", equalTo(300));
        String code = Mailbox.lastCodeSentTo(email);

        changeEmail(access, email, code.equals("000000") ? "111111" : "000000")
                .then().statusCode(400).contentType("application/problem+json").body("type", equalTo(INVALID_CODE));
        changeEmail(access, Mailbox.newAddress(), code).then().statusCode(400).body("type", equalTo(INVALID_CODE));
        changeEmail(access, email, code).then().statusCode(200)
                .body("email", equalTo(email)).body("emailVerified", equalTo(true));
    }

    @Test
    void malformedEmailIsAProblem() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        as(access).contentType(ContentType.JSON).body(Map.of("email", "not-an-address"))
                .when().post("/api/v1/accounts/me/email/codes")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("email"));
        changeEmail(access, "a@b@c", "123456").then().statusCode(400).body("errors[0].field", equalTo("email"));
    }

    @Test
    void mobileNumberChangesWithCodesToTheOldAndTheNewNumber() {
        String old = newPhone();
        JsonPath registered = registerAdult(old);
        String access = registered.getString("tokens.accessToken");
        String fresh = newPhone();
        sendPhoneCodes(access, fresh).then().statusCode(202);
        String oldCode = lastCodeSentTo(old);
        String newCode = lastCodeSentTo(fresh);

        changePhone(access, fresh, newCode, newCode.equals(oldCode) ? "123456" : oldCode)
                .then().statusCode(400).body("type", equalTo(INVALID_CODE));
        changePhone(access, fresh, oldCode, newCode).then().statusCode(200).body("phone", equalTo(fresh));

        login(fresh).then().statusCode(200);
        login(old).then().statusCode(404);
    }

    @Test
    void aNumberThatHasAnAccountOrIsTheCurrentOneIsRefused() {
        String mine = newPhone();
        String access = registerAdult(mine).getString("tokens.accessToken");
        String taken = newPhone();
        registerAdult(taken);

        sendPhoneCodes(access, mine).then().statusCode(400).body("errors[0].field", equalTo("phone"));
        sendPhoneCodes(access, taken).then().statusCode(202);
        changePhone(access, taken, lastCodeSentTo(mine), lastCodeSentTo(taken))
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("Another account already uses this number."));
        changePhone(access, taken, null, "123456").then().statusCode(400).body("errors[0].field", equalTo("oldCode"));
        changePhone(access, "12345", "123456", "123456").then().statusCode(400)
                .body("errors[0].message", equalTo("is not a valid mobile number"));
    }

    @Test
    void aChildWaitingForConsentCannotChangeItsData() {
        String access = AccountTestClient.register(newPhone(), Map.of("ageBracket", "CHILD"))
                .getString("tokens.accessToken");
        as(access).when().get("/api/v1/accounts/me").then().statusCode(200);
        patch(access, Map.of("displayName", "x")).then().statusCode(403).contentType("application/problem+json");
        as(access).contentType(ContentType.JSON).body(Map.of("email", Mailbox.newAddress()))
                .when().post("/api/v1/accounts/me/email/codes").then().statusCode(403);
    }

    private static RequestSpecification as(String access) {
        return fromAnyAddress().header("Authorization", "Bearer " + access);
    }

    private static Response patch(String access, Map<String, Object> body) {
        return as(access).contentType(ContentType.JSON).body(body).when().patch("/api/v1/accounts/me");
    }

    private static Response changeEmail(String access, String email, String code) {
        return as(access).contentType(ContentType.JSON).body(Map.of("email", email, "code", code))
                .when().post("/api/v1/accounts/me/email");
    }

    private static Response sendPhoneCodes(String access, String phone) {
        return as(access).contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/accounts/me/phone/codes");
    }

    private static Response changePhone(String access, String phone, String oldCode, String newCode) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("phone", phone, "newCode", newCode));
        if (oldCode != null) {
            body.put("oldCode", oldCode);
        }
        return as(access).contentType(ContentType.JSON).body(body).when().post("/api/v1/accounts/me/phone");
    }

    private static Response login(String phone) {
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", requestCode(phone)))
                .when().post("/api/v1/accounts/logins");
    }
}
