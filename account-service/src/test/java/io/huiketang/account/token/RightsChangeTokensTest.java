package io.huiketang.account.token;

import static io.huiketang.account.support.AccountTestClient.claims;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.refresh;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.huiketang.account.support.Enterprises;
import io.huiketang.account.support.Members;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Access tokens state admin rights and memberships for their whole lifetime (ten minutes). When an
 * admin grants or revokes the right or removes a member, the person's tokens issued before are
 * refused within a second, as after a logout, with a 401 that says to refresh; the refreshed token
 * states the new rights. Nobody else's tokens are touched.
 */
@QuarkusTest
class RightsChangeTokensTest {

    private static final String OUT_OF_DATE = "https://huiketang.io/problems/token-out-of-date";

    record People(String enterpriseId, JsonPath owner, JsonPath member, JsonPath unrelated) {

        String ownerToken() {
            return owner.getString("tokens.accessToken");
        }

        String memberId() {
            return member.getString("accountId");
        }
    }

    static People people(String enterpriseName) {
        JsonPath owner = registerAdult(newPhone());
        String memberPhone = newPhone();
        JsonPath member = registerAdult(memberPhone);
        String enterpriseId = Enterprises.create(owner.getString("tokens.accessToken"), enterpriseName).getString("id");
        Members.join(owner.getString("tokens.accessToken"), enterpriseId, memberPhone,
                member.getString("tokens.accessToken"), null);
        return new People(enterpriseId, owner, member, registerAdult(newPhone()));
    }

    @Test
    void adminRightGrantedThenRevokedRefusesThePersonsEarlierTokensWithinASecondAndRefreshStatesTheRight() {
        People p = people("权限变更公司");
        String before = p.member().getString("tokens.accessToken");
        assertEquals(List.of(), claims(before).getList("admin_of"));
        given().auth().oauth2(before).when().get("/api/v1/accounts/me").then().statusCode(200);

        given().auth().oauth2(p.ownerToken()).when().put(admins(p) + p.memberId()).then().statusCode(201);

        awaitOutOfDate(before);
        JsonPath asAdmin = refresh(p.member().getString("tokens.refreshToken")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(p.enterpriseId()), claims(asAdmin.getString("accessToken")).getList("admin_of"));
        assertEquals(List.of("user", "enterprise_admin"), claims(asAdmin.getString("accessToken")).getList("roles"));
        given().auth().oauth2(asAdmin.getString("accessToken")).when().get("/api/v1/accounts/me").then().statusCode(200);

        given().auth().oauth2(p.ownerToken()).when().delete(admins(p) + p.memberId()).then().statusCode(204);

        awaitOutOfDate(asAdmin.getString("accessToken"));
        JsonPath asMember = refresh(asAdmin.getString("refreshToken")).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), claims(asMember.getString("accessToken")).getList("admin_of"));
        assertEquals(List.of(p.enterpriseId()), claims(asMember.getString("accessToken")).getList("enterprises"));
        given().auth().oauth2(asMember.getString("accessToken")).when().put(admins(p) + p.memberId())
                .then().statusCode(403).contentType("application/problem+json");

        assertUnaffected(p);
    }

    @Test
    void memberRemovedIsRefusedWithinASecondAndTheRefreshedTokenNamesNoEnterprise() {
        People p = people("移除成员令牌公司");
        String before = p.member().getString("tokens.accessToken");
        given().auth().oauth2(before).when().get("/api/v1/enterprises/" + p.enterpriseId()).then().statusCode(200);

        given().auth().oauth2(p.ownerToken()).when().delete("/api/v1/enterprises/" + p.enterpriseId() + "/members/"
                + p.memberId()).then().statusCode(204);

        awaitOutOfDate(before);
        JsonPath refreshed = refresh(p.member().getString("tokens.refreshToken")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(), claims(refreshed.getString("accessToken")).getList("enterprises"));
        given().auth().oauth2(refreshed.getString("accessToken")).when().get("/api/v1/enterprises/" + p.enterpriseId())
                .then().statusCode(404).contentType("application/problem+json");

        assertUnaffected(p);
    }

    @Test
    void tokenIssuedAfterTheChangeIsNotRefused() {
        People p = people("变更之后公司");
        given().auth().oauth2(p.ownerToken()).when().put(admins(p) + p.memberId()).then().statusCode(201);
        awaitOutOfDate(p.member().getString("tokens.accessToken"));

        JsonPath refreshed = refresh(p.member().getString("tokens.refreshToken")).then().statusCode(200)
                .extract().jsonPath();
        long issuedAt = claims(refreshed.getString("accessToken")).getLong("iat_ms");
        assertTrue(issuedAt / 1000 == claims(refreshed.getString("accessToken")).getLong("iat"),
                "iat_ms is iat to the millisecond");
        given().auth().oauth2(refreshed.getString("accessToken")).when().get("/api/v1/accounts/me")
                .then().statusCode(200).body("id", equalTo(p.memberId()));
    }

    /** The admin who made the change and a stranger keep working with the tokens they had. */
    private static void assertUnaffected(People p) {
        given().auth().oauth2(p.ownerToken()).when().get("/api/v1/accounts/me").then().statusCode(200);
        given().auth().oauth2(p.unrelated().getString("tokens.accessToken")).when().get("/api/v1/accounts/me")
                .then().statusCode(200);
    }

    private static void awaitOutOfDate(String token) {
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                given().auth().oauth2(token).when().get("/api/v1/accounts/me").statusCode() == 401);
        given().auth().oauth2(token).when().get("/api/v1/accounts/me")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo(OUT_OF_DATE))
                .body("detail", equalTo("This access token was issued before the account's rights changed; "
                        + "refresh it for one with the current rights."));
    }

    private static String admins(People p) {
        return "/api/v1/enterprises/" + p.enterpriseId() + "/admins/";
    }
}
