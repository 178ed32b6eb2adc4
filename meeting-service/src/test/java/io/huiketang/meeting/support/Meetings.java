package io.huiketang.meeting.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Drives meeting-service as client apps do, with tokens from platform-kit's TestTokens. */
public final class Meetings {

    private Meetings() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    public static JsonPath createInstant(String token, String topic, String passcode) {
        Map<String, Object> body = new HashMap<>(Map.of("topic", topic, "kind", "INSTANT"));
        if (passcode != null) {
            body.put("passcode", passcode);
        }
        return as(token).body(body).when().post("/api/v1/meetings").then().statusCode(201).extract().jsonPath();
    }

    public static JsonPath join(String token, String number, String passcode, String name) {
        Map<String, Object> body = new HashMap<>(Map.of("number", number, "displayName", name));
        if (passcode != null) {
            body.put("passcode", passcode);
        }
        return as(token).body(body).when().post("/api/v1/meetings/join").then().statusCode(200).extract().jsonPath();
    }
}
