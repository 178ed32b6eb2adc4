package io.huiketang.account.profile;

import static io.huiketang.account.support.AccountTestClient.POLICY;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.account.support.Enterprises;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Names that others see (display names, enterprise, contact and department names) cannot carry
 * characters that reorder or hide text, and avatars come only from the platform's media hosts.
 */
@QuarkusTest
class NamesAndAvatarsTest {

    private static final String PROBLEM = "application/problem+json";

    /** Each hides, reorders or controls text: bidi overrides and isolates, marks, zero-width, C0 and C1. */
    private static final List<String> INVISIBLE = List.of("\u202E", "\u202A", "\u202D", "\u2066", "\u2069",
            "\u200E", "\u200F", "\u200B", "\u200D", "\u2060", "\uFEFF", "\u0007", "\u001B", "\u0085", "\u009B",
            "\n", "\u3164");

    @Test
    void aDisplayNameWithInvisibleOrReorderingCharactersIsRefused() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        for (String c : INVISIBLE) {
            patch(access, Map.of("displayName", "李" + c + "明")).then().statusCode(400).contentType(PROBLEM)
                    .body("errors[0].field", equalTo("displayName"))
                    .body("errors[0].message", startsWith("must not contain"));
        }
        patch(access, Map.of("displayName", "Ann 李明 🙂 O'Neil-Ça")).then().statusCode(200)
                .body("displayName", equalTo("Ann 李明 🙂 O'Neil-Ça"));
    }

    @Test
    void registrationRefusesTheSameNames() {
        String phone = newPhone();
        String code = requestCode(phone);
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code,
                "displayName", "admin\u202Egnp.exe", "policyVersion", POLICY, "ageBracket", "ADULT"))
                .when().post("/api/v1/accounts/registrations")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("displayName"));
    }

    @Test
    void enterpriseContactAndDepartmentNamesAreCheckedTheSameWay() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        createEnterprise(access, "甲公司\u202E", "王经理").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("name"));
        createEnterprise(access, "甲公司", "王\u200B经理").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("contact.name"));

        String enterpriseId = Enterprises.create(access, "甲公司").getString("id");
        String departments = "/api/v1/enterprises/" + enterpriseId + "/departments";
        given().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
                .body(Map.of("name", "研发\u2066部")).when().post(departments)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("name"));
        String departmentId = given().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
                .body(Map.of("name", "研发部")).when().post(departments)
                .then().statusCode(201).extract().path("id");
        given().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
                .body(Map.of("name", "研发部\u0000")).when().put(departments + "/" + departmentId)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("name"));
    }

    @Test
    void anAvatarComesOnlyFromThePlatformsMediaHostsOverHttps() {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        for (String refused : List.of(
                "https://127.0.0.1/a.png", "https://localhost/a.png", "https://[::1]/a.png",
                "https://169.254.169.254/latest/meta-data", "https://10.0.0.7/a.png", "https://2130706433/a.png",
                "https://[::ffff:127.0.0.1]/a.png", "https://evil.example/a.png",
                "https://media.huiketang.io.evil.example/a.png", "https://media.huiketang.io@127.0.0.1/a.png",
                "https://user@media.huiketang.io/a.png", "https://media.huiketang.io:8443/a.png",
                "http://media.huiketang.io/a.png", "https:///a.png")) {
            patch(access, Map.of("avatarUrl", refused)).then().statusCode(400).contentType(PROBLEM)
                    .body("errors[0].field", equalTo("avatarUrl"));
        }
        patch(access, Map.of("avatarUrl", "https://MEDIA.huiketang.io/avatars/li.png")).then().statusCode(200)
                .body("avatarUrl", equalTo("https://MEDIA.huiketang.io/avatars/li.png"));
        patch(access, Map.of("avatarUrl", "https://cdn.huiketang.io:443/a/li.png")).then().statusCode(200);
    }

    private static Response patch(String access, Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + access).contentType(ContentType.JSON).body(body)
                .when().patch("/api/v1/accounts/me");
    }

    private static Response createEnterprise(String access, String name, String contactName) {
        return given().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
                .body(Map.of("name", name, "creditCode", Enterprises.newCreditCode(),
                        "contact", Map.of("name", contactName, "phone", newPhone())))
                .when().post("/api/v1/enterprises");
    }
}
