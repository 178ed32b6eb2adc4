package io.huiketang.account.verification;

import static io.huiketang.account.support.AccountTestClient.lastCodeSentTo;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.crypto.SensitiveFields;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The limits on login codes (ACC-1) against SMS abuse, and that none of them can be turned against
 * someone else: per number (resend pause, daily cap), per client address (raised for an
 * enterprise's own networks) and per device. Against the real Redis.
 */
@QuarkusTest
class VerificationCodeLimitsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PROBLEM = "application/problem+json";

    @Inject
    RedisDataSource redis;

    @Inject
    SensitiveFields sensitive;

    @Test
    void anAddressOverItsQuotaCannotLockSomeoneElsesNumber() {
        String attacker = newAddress();
        for (int i = 0; i < 30; i++) {
            send(newPhone(), attacker, null).then().statusCode(202);
        }
        String victim = newPhone();
        for (int i = 0; i < 3; i++) {
            send(victim, attacker, null).then().statusCode(429).contentType(PROBLEM)
                    .body("detail", equalTo("Too many codes requested from this address."));
        }
        assertFalse(redis.key().exists(resendKey(victim)), "a refused request takes no resend pause");

        send(victim, newAddress(), null).then().statusCode(202);
        assertEquals(6, lastCodeSentTo(victim).length());
    }

    @Test
    void theResendPauseIsTakenWithItsExpiry() {
        String phone = newPhone();
        send(phone, newAddress(), null).then().statusCode(202);
        long ttl = redis.key().ttl(resendKey(phone));
        assertTrue(ttl > 0 && ttl <= 2, "the pause expires by itself (test profile: 2 s), TTL was " + ttl);
        assertTrue(redis.key().ttl(dayKey(phone)) > 0, "the daily counter expires by itself");
        send(phone, newAddress(), null).then().statusCode(429).contentType(PROBLEM)
                .header("Retry-After", notNullValue())
                .body("detail", equalTo("A code was sent to this number moments ago."));
    }

    @Test
    void aNumberGetsAtMostTenCodesADay() throws Exception {
        String phone = newPhone();
        // Nine codes already went to this number today
        redis.value(Long.class).setex(dayKey(phone), 86_400, 9L);
        send(phone, newAddress(), null).then().statusCode(202);
        Thread.sleep(2_100);
        send(phone, newAddress(), null).then().statusCode(429).contentType(PROBLEM)
                .header("Retry-After", notNullValue())
                .body("detail", equalTo("Too many codes requested for this number today."));
    }

    @Test
    void oneDeviceGetsAtMostTenCodesAnHourWhateverItsAddress() {
        String device = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) {
            send(newPhone(), newAddress(), device).then().statusCode(202);
        }
        send(newPhone(), newAddress(), device).then().statusCode(429).contentType(PROBLEM)
                .header("Retry-After", notNullValue())
                .body("detail", equalTo("Too many codes requested from this device."));
        // The same device id in another case is the same device; another device is not limited
        send(newPhone(), newAddress(), device.toUpperCase()).then().statusCode(429);
        send(newPhone(), newAddress(), UUID.randomUUID().toString()).then().statusCode(202);
    }

    @Test
    void theDeviceIdIsStoredOnlyAsItsKeyedHash() {
        String device = "install-" + UUID.randomUUID();
        send(newPhone(), newAddress(), device).then().statusCode(202);
        var keys = redis.key().keys("huiketang:account:code-device:*");
        assertTrue(keys.stream().noneMatch(k -> k.contains(device)), "no raw device id in Redis keys");
        assertTrue(keys.stream().anyMatch(k -> k.contains(sensitive.lookupHash("device:" + device))));
    }

    @Test
    void aMalformedDeviceIdIsAProblemNamingTheField() {
        send(newPhone(), newAddress(), "no spaces allowed").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("deviceId"));
        send(newPhone(), newAddress(), "x".repeat(129)).then().statusCode(400)
                .body("errors[0].field", equalTo("deviceId"));
    }

    @Test
    void anEnterprisesOwnNetworkHasItsRaisedLimitPerAddress() {
        // application.properties (%test): 198.51.100.0/24 may ask for 60 codes an hour per address
        String office = "198.51.100." + (1 + RANDOM.nextInt(254));
        clearAddressCounter(office);
        for (int i = 0; i < 60; i++) {
            send(newPhone(), office, null).then().statusCode(202);
        }
        send(newPhone(), office, null).then().statusCode(429).contentType(PROBLEM)
                .body("detail", equalTo("Too many codes requested from this address."));
    }

    @Test
    void theRaisedLimitAlsoCoversAnEnterprisesIpv6Network() {
        String office = "2001:db8:51:" + Integer.toHexString(RANDOM.nextInt(0xffff)) + "::7";
        clearAddressCounter(office);
        for (int i = 0; i < 35; i++) {
            send(newPhone(), office, null).then().statusCode(202);
        }
    }

    private Response send(String phone, String address, String deviceId) {
        Map<String, Object> body = new HashMap<>();
        body.put("phone", phone);
        if (deviceId != null) {
            body.put("deviceId", deviceId);
        }
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/accounts/verification-codes");
    }

    /** An address of its own in the benchmarking range 198.18.0.0/15, outside every enterprise network. */
    private static String newAddress() {
        return "198.19." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254));
    }

    /** Earlier runs within the hour may have used the same office address. */
    private void clearAddressCounter(String address) {
        redis.key().keys("huiketang:account:code-ip:*").stream()
                .filter(k -> k.contains(sensitive.lookupHash("address:" + address)))
                .forEach(k -> redis.key().del(k));
    }

    private String resendKey(String phone) {
        return "huiketang:account:code-resend:LOGIN:" + sensitive.lookupHash(phone);
    }

    private String dayKey(String phone) {
        return "huiketang:account:code-day:" + sensitive.lookupHash(phone) + ":" + LocalDate.now(ZoneOffset.UTC);
    }
}
