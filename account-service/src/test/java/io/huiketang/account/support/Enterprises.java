package io.huiketang.account.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.huiketang.kit.testing.CreditCodes;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Creates enterprises for tests, each with a valid unified social credit code of its own. */
public final class Enterprises {

    private Enterprises() {
    }

    /** A random, valid unified social credit code. */
    public static String newCreditCode() {
        return CreditCodes.newCreditCode();
    }

    /** Creates an enterprise as the holder of {@code accessToken}, who becomes its first admin. */
    public static JsonPath create(String accessToken, String name) {
        return given().header("Authorization", "Bearer " + accessToken).contentType(ContentType.JSON)
                .body(Map.of("name", name, "creditCode", newCreditCode(),
                        "contact", Map.of("name", "王经理", "phone", AccountTestClient.newPhone(),
                                "email", "it@example.com")))
                .when().post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath();
    }
}
