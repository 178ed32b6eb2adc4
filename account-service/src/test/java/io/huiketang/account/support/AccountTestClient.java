package io.huiketang.account.support;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

import io.huiketang.kit.testing.SmsOutbox;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Drives account-service the way a client app does, reading SMS codes from the local SMS outbox. */
public final class AccountTestClient {

    public static final String POLICY = "2023-05-16";
    private static final Path SMS_OUTBOX = Path.of("target/sms-outbox.log");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccountTestClient() {
    }

    /** A mainland mobile number no other test uses. */
    public static String newPhone() {
        return "+86139" + String.format("%08d", RANDOM.nextInt(100_000_000));
    }

    /** The last code the local SMS sender "sent" to this number. */
    public static String lastCodeSentTo(String e164) {
        return SmsOutbox.lastCodeSentTo(SMS_OUTBOX, e164);
    }

    /**
     * Requests a login code, waiting out the resend pause if a code was sent moments ago. Each
     * call comes from its own client address, as from many devices, so per-address limits stay out of the way.
     */
    public static String requestCode(String phone) {
        for (int attempt = 0; attempt < 3; attempt++) {
            var response = fromAnyAddress().contentType(ContentType.JSON).body(Map.of("phone", phone))
                    .when().post("/api/v1/accounts/verification-codes");
            if (response.statusCode() == 202) {
                return lastCodeSentTo(phone);
            }
            if (response.statusCode() != 429) {
                throw new AssertionError("code request answered " + response.statusCode() + ": " + response.asString());
            }
            sleepSeconds(Long.parseLong(response.header("Retry-After")));
        }
        throw new AssertionError("no code could be sent to " + phone);
    }

    /** A request from a client address of its own (the documentation range 198.18.0.0/15). */
    public static io.restassured.specification.RequestSpecification fromAnyAddress() {
        return given().header("X-Forwarded-For", "198.18." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254)));
    }

    private static void sleepSeconds(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Registers an adult and returns the registration answer (with its tokens). */
    public static JsonPath registerAdult(String phone) {
        return register(phone, Map.of("ageBracket", "ADULT"));
    }

    public static JsonPath register(String phone, Map<String, Object> age) {
        String code = requestCode(phone);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("phone", phone, "code", code,
                "displayName", "测试用户", "policyVersion", POLICY));
        body.putAll(age);
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/accounts/registrations")
                .then().statusCode(201).extract().jsonPath();
    }

    public static String bearer(JsonPath tokens, String prefix) {
        return "Bearer " + tokens.getString(prefix + "accessToken");
    }

    /** Spends a refresh token, as a client does when its access token is refused as out of date. */
    public static io.restassured.response.Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .when().post("/api/v1/accounts/tokens/refresh");
    }

    /** An access token's claims, read without verifying it (the service under test issued it). */
    public static JsonPath claims(String accessToken) {
        return JsonPath.from(new String(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
