package io.huiketang.account.support;

import static io.restassured.RestAssured.given;

import java.security.SecureRandom;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Creates enterprises for tests, each with a valid unified social credit code of its own. */
public final class Enterprises {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
    private static final SecureRandom RANDOM = new SecureRandom();

    private Enterprises() {
    }

    /** A random, valid code (computed here independently of the code under test). */
    public static String newCreditCode() {
        StringBuilder code = new StringBuilder("91110108");
        while (code.length() < 17) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(code.charAt(i)) * WEIGHTS[i];
        }
        return code.append(ALPHABET.charAt((31 - sum % 31) % 31)).toString();
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
