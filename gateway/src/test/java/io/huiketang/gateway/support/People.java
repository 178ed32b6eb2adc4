package io.huiketang.gateway.support;

import static io.restassured.RestAssured.given;

import java.security.SecureRandom;
import java.util.Map;

import io.huiketang.kit.testing.SmsOutbox;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** People registered through the gateway, as a client app registers them. */
public final class People {

    private static final SecureRandom RANDOM = new SecureRandom();

    private People() {
    }

    /** Registers an adult through the gateway; the answer holds accountId and tokens.accessToken. */
    public static JsonPath registerAdult() {
        String phone = "+86137" + String.format("%08d", RANDOM.nextInt(100_000_000));
        given().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(202);
        String code = SmsOutbox.lastCodeSentTo(GatewayUpstreams.SMS_OUTBOX, phone);
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code,
                "displayName", "网关测试", "policyVersion", "2023-05-16", "ageBracket", "ADULT"))
                .when().post("/api/v1/accounts/registrations").then().statusCode(201).extract().jsonPath();
    }

    public static String token() {
        return registerAdult().getString("tokens.accessToken");
    }
}
