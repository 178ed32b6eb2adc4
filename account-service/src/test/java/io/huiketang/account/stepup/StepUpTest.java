package io.huiketang.account.stepup;

import static io.huiketang.account.support.AccountTestClient.claims;
import static io.huiketang.account.support.AccountTestClient.fromAnyAddress;
import static io.huiketang.account.support.AccountTestClient.lastCodeSentTo;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.account.AgeBracket;
import io.huiketang.account.enterprise.Enterprise;
import io.huiketang.account.sso.SsoIdentity;
import io.huiketang.account.support.Mailbox;
import io.huiketang.account.token.Sessions;
import io.huiketang.kit.crypto.SensitiveFields;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Step-up verification: a fresh code to the person's own number (or, without one, their e-mail)
 * spent once for a short-lived token with acr otp and auth_time, as privacy-service requires
 * before an erasure or a first archive download.
 */
@QuarkusTest
class StepUpTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Sessions sessions;

    @Inject
    SensitiveFields sensitive;

    @Test
    void aFreshSmsCodeIsSpentOnceForAShortLivedTokenWithTheCallersClaimsPlusAcrAndAuthTime() {
        String phone = newPhone();
        String access = registerAdult(phone).getString("tokens.accessToken");

        requestStepUpCode(access).then().statusCode(202).body("channel", equalTo("SMS"))
                .body("expiresInSeconds", equalTo(300));
        String code = lastCodeSentTo(phone);

        stepUp(access, code.equals("000000") ? "111111" : "000000").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://huiketang.io/problems/invalid-code"))
                .body("errors[0].field", equalTo("code"));

        long before = Instant.now().getEpochSecond();
        JsonPath answer = stepUp(access, code).then().statusCode(200)
                .body("tokenType", equalTo("Bearer")).body("acr", equalTo("otp")).body("expiresIn", equalTo(300))
                .extract().jsonPath();
        long after = Instant.now().getEpochSecond();
        String stepUpToken = answer.getString("accessToken");
        long authTime = answer.getLong("authTime");
        assertTrue(authTime >= before && authTime <= after, "auth_time is the moment of the proof");

        JsonPath original = claims(access);
        JsonPath stepped = claims(stepUpToken);
        for (String claim : new String[] {"iss", "sub", "aud", "sid", "status"}) {
            assertEquals(original.getString(claim), stepped.getString(claim), claim);
        }
        for (String claim : new String[] {"roles", "enterprises", "admin_of"}) {
            assertEquals(original.getList(claim), stepped.getList(claim), claim);
        }
        assertEquals("otp", stepped.getString("acr"));
        assertEquals(authTime, stepped.getLong("auth_time"));
        assertEquals(300, stepped.getLong("exp") - stepped.getLong("iat"));
        assertNotEquals(original.getString("jti"), stepped.getString("jti"));
        assertNull(original.get("acr"), "an ordinary token claims no step-up");

        // A real platform token: every service verifies it like any other
        given().header("Authorization", "Bearer " + stepUpToken).when().get("/api/v1/accounts/me")
                .then().statusCode(200).body("id", equalTo(original.getString("sub")));

        stepUp(access, code).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://huiketang.io/problems/invalid-code"))
                .body("errors[0].field", equalTo("code"));
    }

    @Test
    void aLoginCodeForTheSameNumberDoesNotServeAsAStepUpCode() {
        String phone = newPhone();
        String access = registerAdult(phone).getString("tokens.accessToken");
        String loginCode = requestCode(phone);
        stepUp(access, loginCode).then().statusCode(400).body("errors[0].field", equalTo("code"));
    }

    @Test
    void aStepUpCodeNeedsTheAccessTokenNoNumberAndAKnownPurpose() {
        String phone = newPhone();
        String access = registerAdult(phone).getString("tokens.accessToken");

        fromAnyAddress().contentType(ContentType.JSON).body(Map.of("purpose", "STEP_UP"))
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(401).contentType(PROBLEM);
        fromAnyAddress().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
                .body(Map.of("purpose", "STEP_UP", "phone", newPhone()))
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("phone"));
        fromAnyAddress().contentType(ContentType.JSON).body(Map.of("purpose", "ERASE_EVERYTHING", "phone", phone))
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("purpose"));
        fromAnyAddress().contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("phone"));
        given().contentType(ContentType.JSON).body(Map.of("code", "123456"))
                .when().post("/api/v1/accounts/me/step-up").then().statusCode(401).contentType(PROBLEM);
        stepUp(access, "12ab").then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("code"));
        stepUp(access, "123456").then().statusCode(400).body("errors[0].field", equalTo("code"));
    }

    @Test
    void stepUpCodesKeepTheLimitsOfEveryCode() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        requestStepUpCode(access).then().statusCode(202);
        Response again = requestStepUpCode(access);
        again.then().statusCode(429).contentType(PROBLEM);
        assertTrue(Long.parseLong(again.header("Retry-After")) >= 1);
    }

    @Test
    void anSsoAccountWithoutANumberGetsItsCodeAtTheAddressItsProviderVouchedFor() {
        String email = Mailbox.newAddress();
        Account account = ssoAccount(email);
        String access = sessions.open(account, "SSO").accessToken();

        requestStepUpCode(access).then().statusCode(202).body("channel", equalTo("EMAIL"));
        JsonPath answer = stepUp(access, Mailbox.lastCodeSentTo(email)).then().statusCode(200).extract().jsonPath();
        assertEquals("otp", claims(answer.getString("accessToken")).getString("acr"));
    }

    @Test
    void anAccountWithNeitherANumberNorAnAddressCannotStepUp() {
        Account account = QuarkusTransaction.requiringNew().call(() -> persistedAccount(null, false));
        String access = sessions.open(account, "SSO").accessToken();
        requestStepUpCode(access).then().statusCode(409).contentType(PROBLEM);
    }

    /** As enterprise SSO provisions one: no number, no e-mail on the account, the provider's on the identity. */
    private Account ssoAccount(String email) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Account account = persistedAccount(null, false);
            Enterprise enterprise = new Enterprise();
            enterprise.id = UUID.randomUUID();
            enterprise.name = "Works";
            enterprise.creditCode = "91350100M000100Y43";
            enterprise.contactName = "Contact";
            enterprise.contactPhoneCipher = sensitive.encrypt(newPhone());
            enterprise.createdBy = account.id;
            enterprise.createdAt = Instant.now();
            enterprise.persist();
            SsoIdentity identity = new SsoIdentity();
            identity.enterpriseId = enterprise.id;
            identity.subjectHash = sensitive.lookupHash("idp|" + UUID.randomUUID());
            identity.issuer = "https://idp.works.example";
            identity.accountId = account.id;
            identity.email = email;
            identity.linkedAt = Instant.now();
            identity.lastLoginAt = identity.linkedAt;
            identity.persist();
            return account;
        });
    }

    private static Account persistedAccount(String email, boolean verified) {
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
    }

    private static Response requestStepUpCode(String access) {
        return fromAnyAddress().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
                .body(Map.of("purpose", "STEP_UP")).when().post("/api/v1/accounts/verification-codes");
    }

    private static Response stepUp(String access, String code) {
        return fromAnyAddress().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
                .body(Map.of("code", code)).when().post("/api/v1/accounts/me/step-up");
    }
}
