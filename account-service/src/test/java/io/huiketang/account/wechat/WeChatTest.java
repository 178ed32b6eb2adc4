package io.huiketang.account.wechat;

import static io.huiketang.account.support.AccountTestClient.POLICY;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Login and registration with WeChat (ACC-2), against a local stand-in that speaks WeChat's API. */
@QuarkusTest
@WithTestResource(value = WeChatStandIn.class, scope = TestResourceScope.GLOBAL)
class WeChatTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void unknownWeChatUserBindsANumberToRegisterThenLogsInWithWeChatAlone() throws Exception {
        String user = WeChatStandIn.newUser();
        String phone = newPhone();
        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            JsonPath pending = wechatLogin(WeChatStandIn.codeFor(user)).then().statusCode(202)
                    .body("expiresInSeconds", equalTo(900))
                    .body("nickname", equalTo(WeChatStandIn.nicknameOf(user)))
                    .body("avatarUrl", equalTo(WeChatStandIn.avatarOf(user)))
                    .extract().jsonPath();

            JsonPath registered = bind(pending.getString("registrationTicket"), phone, requestCode(phone),
                    Map.of("ageBracket", "ADULT"))
                    .then().statusCode(201)
                    .body("status", equalTo("ACTIVE"))
                    .body("tokens.accessToken", notNullValue())
                    .extract().jsonPath();
            String accountId = registered.getString("accountId");

            String profile = given().header("Authorization", "Bearer " + registered.getString("tokens.accessToken"))
                    .when().get("/api/v1/accounts/me")
                    .then().statusCode(200)
                    .body("id", equalTo(accountId))
                    .body("phone", equalTo(phone))
                    .body("displayName", equalTo(WeChatStandIn.nicknameOf(user)))
                    .body("avatarUrl", equalTo(WeChatStandIn.avatarOf(user)))
                    .body("wechat.nickname", equalTo(WeChatStandIn.nicknameOf(user)))
                    .body("wechat.avatarUrl", equalTo(WeChatStandIn.avatarOf(user)))
                    .body("wechat.boundAt", notNullValue())
                    .extract().asString();
            assertFalse(profile.contains(WeChatStandIn.openidOf(user)), "the openid is never shown");
            assertFalse(profile.contains(WeChatStandIn.unionidOf(user)), "nor the unionid");

            String tokens = wechatLogin(WeChatStandIn.codeFor(user)).then().statusCode(200)
                    .body("tokenType", equalTo("Bearer")).body("accountStatus", equalTo("ACTIVE"))
                    .extract().jsonPath().getString("accessToken");
            given().header("Authorization", "Bearer " + tokens).when().get("/api/v1/accounts/me")
                    .then().statusCode(200).body("id", equalTo(accountId));

            Map<String, String> stored = row("SELECT openid_cipher, openid_hash, unionid_cipher, unionid_hash, gender, "
                    + "province, city FROM wechat_identity WHERE account_id = ?::uuid", accountId);
            stored.values().forEach(value -> assertFalse(value.contains("StandIn_"), "WeChat ids are never stored raw"));
            assertEquals("FEMALE", stored.get("gender"));
            assertEquals("Zhejiang", stored.get("province"));
            assertEquals("Hangzhou", stored.get("city"));

            List<ConsumedEvent> ours = events.readUntil(
                    rs -> rs.stream().filter(r -> accountId.equals(r.key())).count() >= 2, Duration.ofSeconds(20))
                    .stream().filter(r -> accountId.equals(r.key())).map(PublishedEvents::assertValid).toList();
            assertEquals(AccountEvents.ACCOUNT_REGISTERED, ours.get(0).type());
            assertEquals("WECHAT", ours.get(0).data().get("registeredVia").asText());
            assertEquals(AccountEvents.POLICY_ACCEPTED, ours.get(1).type());
        }
    }

    @Test
    void bindingANumberThatHasAnAccountAddsWeChatToThatAccount() {
        String phone = newPhone();
        String accountId = registerAdult(phone).getString("accountId");
        String user = WeChatStandIn.newUser();
        String ticket = pendingTicket(user);

        bind(ticket, phone, requestCode(phone), Map.of())
                .then().statusCode(200)
                .body("accountId", equalTo(accountId))
                .body("tokens.accessToken", notNullValue());

        String access = wechatLogin(WeChatStandIn.codeFor(user)).then().statusCode(200)
                .extract().jsonPath().getString("accessToken");
        given().header("Authorization", "Bearer " + access).when().get("/api/v1/accounts/me")
                .then().statusCode(200)
                .body("id", equalTo(accountId))
                .body("displayName", equalTo("测试用户"))
                .body("wechat.nickname", equalTo(WeChatStandIn.nicknameOf(user)));
    }

    @Test
    void anAccountIsBoundToOneWeChatAccountOnly() {
        String phone = newPhone();
        String first = WeChatStandIn.newUser();
        bind(pendingTicket(first), phone, requestCode(phone), Map.of("ageBracket", "ADULT")).then().statusCode(201);

        String second = pendingTicket(WeChatStandIn.newUser());
        bind(second, phone, requestCode(phone), Map.of())
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("The account of this number is already bound to another WeChat account."));
    }

    @Test
    void wrongSmsCodeKeepsTheTicketButAUsedOrUnknownTicketIsRefused() {
        String phone = newPhone();
        String ticket = pendingTicket(WeChatStandIn.newUser());
        String code = requestCode(phone);
        bind(ticket, phone, code.equals("000000") ? "111111" : "000000", Map.of("ageBracket", "ADULT"))
                .then().statusCode(400).body("type", equalTo("https://huiketang.io/problems/invalid-code"));
        bind(ticket, phone, code, Map.of("ageBracket", "ADULT")).then().statusCode(201);

        String other = newPhone();
        bind(ticket, other, requestCode(other), Map.of("ageBracket", "ADULT"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("registrationTicket"));
        bind("never-issued", other, requestCode(other), Map.of("ageBracket", "ADULT"))
                .then().statusCode(400).body("errors[0].field", equalTo("registrationTicket"));
    }

    @Test
    void registrationFollowsThePolicyAndTheRulesForMinors() {
        String phone = newPhone();
        String ticket = pendingTicket(WeChatStandIn.newUser());
        String code = requestCode(phone);
        Map<String, Object> outdated = new HashMap<>(Map.of("registrationTicket", ticket, "phone", phone,
                "code", code, "policyVersion", "2020-01-01", "ageBracket", "ADULT"));
        given().contentType(ContentType.JSON).body(outdated).when().post("/api/v1/accounts/wechat/registrations")
                .then().statusCode(400).body("errors[0].field", equalTo("policyVersion"));
        bind(ticket, phone, code, Map.of()).then().statusCode(400).body("errors[0].field", equalTo("birthDate"));

        // The refused attempts spent neither the code nor the ticket
        bind(ticket, phone, code, Map.of("birthDate", java.time.LocalDate.now().minusYears(10).toString()))
                .then().statusCode(201)
                .body("status", equalTo("PENDING_GUARDIAN_CONSENT"))
                .body("ageBracket", equalTo("CHILD"))
                .body("guardianConsentRequired", equalTo(true))
                .body("tokens.accountStatus", equalTo("PENDING_GUARDIAN_CONSENT"));
    }

    @Test
    void invalidOrAlreadyUsedWeChatCodeIsAProblem() {
        wechatLogin("031GmF0w3Ai6Yv2ZQd1w3WnR0x3GmF0L").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/wechat-invalid-code"));

        String code = WeChatStandIn.codeFor(WeChatStandIn.newUser());
        wechatLogin(code).then().statusCode(202);
        wechatLogin(code).then().statusCode(400)
                .body("type", equalTo("https://huiketang.io/problems/wechat-invalid-code"));
    }

    @Test
    void weChatBusySlowOrUnreachableIsA503Problem() {
        for (String code : List.of("busy-1", "slow-1", "drop-1")) {
            wechatLogin(code).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("status", equalTo(503))
                    .body("detail", equalTo(
                            "WeChat cannot be reached right now; try again shortly or log in with your mobile number."));
        }
    }

    @Test
    void malformedRequestsAreProblemsNamingTheField() {
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/accounts/wechat/logins")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("code"));
        wechatLogin("code with spaces&appid=other").then().statusCode(400)
                .body("errors[0].field", equalTo("code"))
                .body("errors[0].message", equalTo("is not a WeChat code"));
        given().contentType(ContentType.JSON).body(Map.of("phone", "12345"))
                .when().post("/api/v1/accounts/wechat/registrations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("registrationTicket", "code", "policyVersion"));
        bind(pendingTicket(WeChatStandIn.newUser()), "12345", "123456", Map.of("ageBracket", "ADULT"))
                .then().statusCode(400).body("errors[0].field", equalTo("phone"))
                .body("errors[0].message", equalTo("is not a valid mobile number"));
    }

    @Test
    void theTicketIsOpaque() {
        String ticket = pendingTicket(WeChatStandIn.newUser());
        assertTrue(ticket.length() >= 40);
        assertFalse(ticket.contains("StandIn"));
        assertNotEquals(ticket, pendingTicket(WeChatStandIn.newUser()));
    }

    static Response wechatLogin(String code) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/api/v1/accounts/wechat/logins");
    }

    /** Logs an unknown WeChat user in and returns the ticket to finish registering. */
    static String pendingTicket(String user) {
        return wechatLogin(WeChatStandIn.codeFor(user)).then().statusCode(202)
                .extract().jsonPath().getString("registrationTicket");
    }

    static Response bind(String ticket, String phone, String code, Map<String, Object> age) {
        Map<String, Object> body = new HashMap<>(Map.of("registrationTicket", ticket, "phone", phone, "code", code,
                "policyVersion", POLICY));
        body.putAll(age);
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/accounts/wechat/registrations");
    }

    private Map<String, String> row(String sql, String id) throws Exception {
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(sql)) {
            select.setString(1, id);
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next());
                Map<String, String> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
                return row;
            }
        }
    }
}
