package io.huiketang.account.registration;

import static io.huiketang.account.support.AccountTestClient.POLICY;
import static io.huiketang.account.support.AccountTestClient.fromAnyAddress;
import static io.huiketang.account.support.AccountTestClient.lastCodeSentTo;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Registration and login by mobile number (ACC-1), against the real PostgreSQL, Redis and Kafka. */
@QuarkusTest
class RegistrationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void sendingACodeAnswersTheSameForKnownAndUnknownNumbers() {
        String known = newPhone();
        registerAdult(known);
        String unknownAnswer = sendCode(newPhone()).then().statusCode(202)
                .body("expiresInSeconds", equalTo(300)).extract().asString();
        // The known number had a code moments ago: once the resend pause is over, the answer is identical
        String knownAnswer = await().atMost(Duration.ofSeconds(10))
                .until(() -> sendCode(known), r -> r.statusCode() == 202).asString();
        assertEquals(unknownAnswer, knownAnswer);
    }

    @Test
    void numberWithoutCountryCodeIsMainlandChina() {
        String phone = newPhone();
        fromAnyAddress().contentType(ContentType.JSON).body(Map.of("phone", phone.substring(3)))
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(202);
        assertEquals(6, lastCodeSentTo(phone).length());
    }

    @Test
    void malformedNumberIsAProblemNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("phone", "12345"))
                .when().post("/api/v1/accounts/verification-codes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("phone"))
                .body("errors[0].message", equalTo("is not a valid mobile number"));
    }

    @Test
    void secondCodeWithinAMinuteIsRateLimited() {
        String phone = newPhone();
        requestCode(phone);
        fromAnyAddress().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/accounts/verification-codes")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
    }

    @Test
    void tooManyCodesFromOneAddressAreRateLimited() {
        java.util.Random random = new java.util.Random();
        String address = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 31; i++) {
            int status = given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                    .body(Map.of("phone", newPhone())).when().post("/api/v1/accounts/verification-codes")
                    .then().extract().statusCode();
            if (status == 202) {
                accepted++;
            } else if (status == 429) {
                limited++;
            }
        }
        assertEquals(30, accepted);
        assertEquals(1, limited);
    }

    @Test
    void registrationGivesTokensStoresTheNumberEncryptedAndPublishesEvents() throws Exception {
        String phone = newPhone();
        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            JsonPath registered = registerAdult(phone);
            String accountId = registered.getString("accountId");
            assertEquals("ACTIVE", registered.getString("status"));
            assertFalse(registered.getBoolean("guardianConsentRequired"));

            given().header("Authorization", "Bearer " + registered.getString("tokens.accessToken"))
                    .when().get("/api/v1/accounts/me")
                    .then().statusCode(200)
                    .body("id", equalTo(accountId))
                    .body("phone", equalTo(phone))
                    .body("displayName", equalTo("测试用户"))
                    .body("residencyRegion", equalTo("CN"));

            try (var connection = dataSource.getConnection();
                    var select = connection.prepareStatement("SELECT phone_cipher, phone_hash FROM account WHERE id = ?::uuid")) {
                select.setString(1, accountId);
                try (var rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    assertFalse(rs.getString(1).contains(phone.substring(3)), "the number is encrypted at rest");
                    assertFalse(rs.getString(2).contains(phone.substring(3)), "the lookup hash is keyed");
                }
            }

            List<ConsumerRecord<String, byte[]>> records = events.readUntil(
                    rs -> rs.stream().filter(r -> accountId.equals(r.key())).count() >= 2, Duration.ofSeconds(20));
            List<ConsumedEvent> ours = records.stream().filter(r -> accountId.equals(r.key()))
                    .map(PublishedEvents::assertValid).toList();
            assertEquals(AccountEvents.ACCOUNT_REGISTERED, ours.get(0).type());
            assertEquals(AccountEvents.POLICY_ACCEPTED, ours.get(1).type());
            assertEquals(POLICY, ours.get(1).data().get("policyVersion").asText());
            assertFalse(new String(records.get(0).value()).contains(phone.substring(3)), "no number in events");
        }
    }

    @Test
    void wrongCodeIsRefusedAndFiveWrongCodesSpendTheCode() {
        String phone = newPhone();
        String code = requestCode(phone);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 1; i <= 4; i++) {
            register(phone, wrong).then().statusCode(400).body("type", equalTo("https://huiketang.io/problems/invalid-code"));
        }
        register(phone, wrong).then().statusCode(400)
                .body("type", equalTo("https://huiketang.io/problems/code-attempts-exhausted"));
        register(phone, code).then().statusCode(400).body("type", equalTo("https://huiketang.io/problems/invalid-code"));
    }

    @Test
    void aCodeServesOnce() {
        String phone = newPhone();
        String code = requestCode(phone);
        register(phone, code).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code))
                .when().post("/api/v1/accounts/logins")
                .then().statusCode(400).body("type", equalTo("https://huiketang.io/problems/invalid-code"));
    }

    @Test
    void outdatedPolicyVersionIsRefused() {
        String phone = newPhone();
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", requestCode(phone),
                "displayName", "x", "policyVersion", "2020-01-01", "ageBracket", "ADULT"))
                .when().post("/api/v1/accounts/registrations")
                .then().statusCode(400).body("errors[0].field", equalTo("policyVersion"));
    }

    @Test
    void missingFieldsAndMalformedJsonAreProblems() {
        given().contentType(ContentType.JSON).body(Map.of("phone", newPhone()))
                .when().post("/api/v1/accounts/registrations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("code", "displayName", "policyVersion"));
        given().contentType(ContentType.JSON).body("{\"phone\":")
                .when().post("/api/v1/accounts/registrations")
                .then().statusCode(400).body("title", equalTo("Malformed JSON"));
        given().contentType(ContentType.JSON).body(Map.of("phone", newPhone(), "code", "123456", "displayName", "x",
                "policyVersion", POLICY, "birthDate", "not-a-date"))
                .when().post("/api/v1/accounts/registrations")
                .then().statusCode(400).body("errors[0].field", equalTo("birthDate"));
    }

    @Test
    void numberCanBeRegisteredOnlyOnce() {
        String phone = newPhone();
        registerAdult(phone);
        register(phone, requestCode(phone)).then().statusCode(409)
                .body("type", equalTo("https://huiketang.io/problems/already-registered"));
    }

    @Test
    void loginWithCodeGivesTokensAndAnUnknownNumberIsNotFound() {
        String phone = newPhone();
        registerAdult(phone);
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", requestCode(phone)))
                .when().post("/api/v1/accounts/logins")
                .then().statusCode(200).body("tokenType", equalTo("Bearer")).body("expiresIn", equalTo(600))
                .body("accessToken", notNullValue()).body("refreshToken", notNullValue());
        String stranger = newPhone();
        given().contentType(ContentType.JSON).body(Map.of("phone", stranger, "code", requestCode(stranger)))
                .when().post("/api/v1/accounts/logins")
                .then().statusCode(404).body("type", equalTo("https://huiketang.io/problems/account-not-found"));
    }

    @Test
    void teenagerIsFlaggedForTheGuardianNotice() {
        JsonPath teen = io.huiketang.account.support.AccountTestClient.register(newPhone(),
                Map.of("birthDate", java.time.LocalDate.now().minusYears(15).toString()));
        assertEquals("TEEN", teen.getString("ageBracket"));
        assertTrue(teen.getBoolean("guardianNoticeRequired"));
        assertEquals("ACTIVE", teen.getString("status"));
    }

    private static io.restassured.response.Response sendCode(String phone) {
        return fromAnyAddress().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/accounts/verification-codes");
    }

    private static io.restassured.response.Response register(String phone, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code,
                "displayName", "测试用户", "policyVersion", POLICY, "ageBracket", "ADULT"))
                .when().post("/api/v1/accounts/registrations");
    }
}
