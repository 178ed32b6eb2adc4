package io.huiketang.account.enterprise;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.account.support.Enterprises;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Creating an enterprise (ACC-3) and who may see it. */
@QuarkusTest
class EnterpriseTest {

    @Test
    void creatorBecomesTheFirstAdminAndTheirNextTokensSaySo() {
        JsonPath creator = registerAdult(newPhone());
        String token = creator.getString("tokens.accessToken");
        JsonPath enterprise = Enterprises.create(token, "会客厅科技有限公司");
        String id = enterprise.getString("id");

        given().header("Authorization", "Bearer " + token).when().get("/api/v1/enterprises/" + id)
                .then().statusCode(200).body("name", equalTo("会客厅科技有限公司")).body("admin", equalTo(true));

        JsonPath refreshed = given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", creator.getString("tokens.refreshToken")))
                .when().post("/api/v1/accounts/tokens/refresh").then().statusCode(200).extract().jsonPath();
        String claims = new String(java.util.Base64.getUrlDecoder().decode(
                refreshed.getString("accessToken").split("\\.")[1]));
        JsonPath tokenClaims = JsonPath.from(claims);
        org.hamcrest.MatcherAssert.assertThat(tokenClaims.getList("admin_of"), hasItem(id));
        org.hamcrest.MatcherAssert.assertThat(tokenClaims.getList("roles"), hasItem("enterprise_admin"));
    }

    @Test
    void anotherPersonCannotSeeTheEnterprise() {
        String owner = registerAdult(newPhone()).getString("tokens.accessToken");
        String stranger = registerAdult(newPhone()).getString("tokens.accessToken");
        String id = Enterprises.create(owner, "甲公司").getString("id");
        given().header("Authorization", "Bearer " + stranger).when().get("/api/v1/enterprises/" + id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void invalidCreditCodeOrMissingDetailsAreRefused() {
        String token = registerAdult(newPhone()).getString("tokens.accessToken");
        String valid = Enterprises.newCreditCode();
        String broken = valid.substring(0, 17) + (valid.charAt(17) == '0' ? '1' : '0');
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("name", "乙公司", "creditCode", broken,
                        "contact", Map.of("name", "李", "phone", newPhone())))
                .when().post("/api/v1/enterprises")
                .then().statusCode(400).body("errors[0].field", equalTo("creditCode"));
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("name", "乙公司", "creditCode", valid))
                .when().post("/api/v1/enterprises")
                .then().statusCode(400).body("errors[0].field", equalTo("contact"));
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("name", "乙公司", "creditCode", valid, "contact", Map.of("name", "李", "phone", "123")))
                .when().post("/api/v1/enterprises")
                .then().statusCode(400).body("errors[0].field", equalTo("contact.phone"));
    }

    @Test
    void aCreditCodeIsOnlyAClaimUntilProven() {
        String token = registerAdult(newPhone()).getString("tokens.accessToken");
        String code = Enterprises.newCreditCode();
        Map<String, Object> body = Map.of("name", "丙公司", "creditCode", code,
                "contact", Map.of("name", "李", "phone", newPhone()));
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/enterprises").then().statusCode(201).body("contactPhone", org.hamcrest.Matchers.notNullValue());
        // Typing a credit code first takes nothing: see CreditCodeClaimTest for the proof that owns it
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/enterprises").then().statusCode(201).body("creditCodeVerified", equalTo(false));
    }

    @Test
    void creatingAnEnterpriseNeedsALogin() {
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/v1/enterprises")
                .then().statusCode(401).body("detail", org.hamcrest.Matchers.notNullValue())
                .body("errors", nullValue());
    }
}
