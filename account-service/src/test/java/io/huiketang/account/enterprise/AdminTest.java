package io.huiketang.account.enterprise;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.refresh;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.EnterpriseEvents;
import io.huiketang.account.support.Enterprises;
import io.huiketang.account.support.Members;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Granting and revoking the administrator role (ACC-5): only admins may, and never down to zero. */
@QuarkusTest
class AdminTest {

    @Test
    void anAdminGrantsTheRoleToAMemberWhoCanThenRevokeTheFirstAdmin() {
        JsonPath owner = registerAdult(newPhone());
        String ownerToken = owner.getString("tokens.accessToken");
        String ownerId = owner.getString("accountId");
        String memberPhone = newPhone();
        JsonPath member = registerAdult(memberPhone);
        String memberToken = member.getString("tokens.accessToken");
        String memberId = member.getString("accountId");
        String enterpriseId = Enterprises.create(ownerToken, "管理员测试公司").getString("id");
        Members.join(ownerToken, enterpriseId, memberPhone, memberToken, null);
        String admins = "/api/v1/enterprises/" + enterpriseId + "/admins/";

        given().header("Authorization", "Bearer " + memberToken).when().put(admins + memberId)
                .then().statusCode(403).contentType("application/problem+json");

        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            given().header("Authorization", "Bearer " + ownerToken).when().put(admins + memberId)
                    .then().statusCode(201).body("accountId", equalTo(memberId)).body("grantedBy", equalTo(ownerId));
            given().header("Authorization", "Bearer " + ownerToken).when().put(admins + memberId)
                    .then().statusCode(200).body("accountId", equalTo(memberId));
            // The grant makes the member's token out of date (it states no admin right): refreshed, it does
            String adminToken = refresh(member.getString("tokens.refreshToken")).then().statusCode(200)
                    .extract().path("accessToken");
            given().header("Authorization", "Bearer " + adminToken).when().get(admins)
                    .then().statusCode(200).body("accountId", containsInAnyOrder(ownerId, memberId))
                    .body("[0].displayName", equalTo("测试用户"));

            given().header("Authorization", "Bearer " + adminToken).when().delete(admins + ownerId)
                    .then().statusCode(204);

            // The creator's own grant may still be arriving: only this member's grant counts
            List<ConsumedEvent> ours = EnterpriseEvents.read(events, enterpriseId,
                    EnterpriseEvents.about(AccountEvents.ADMIN_GRANTED, memberId)
                            .or(EnterpriseEvents.ofTypes(AccountEvents.ADMIN_REVOKED)), 2);
            assertEquals(AccountEvents.ADMIN_GRANTED, ours.get(0).type());
            assertEquals(memberId, ours.get(0).data().get("accountId").asText());
            assertEquals(ownerId, ours.get(0).data().get("grantedBy").asText());
            assertEquals(AccountEvents.ADMIN_REVOKED, ours.get(1).type());
            assertEquals(ownerId, ours.get(1).data().get("accountId").asText());
            assertEquals(memberId, ours.get(1).data().get("revokedBy").asText());
        }

        // The first admin is now a plain member: their token is out of date; refreshed, it still sees the
        // enterprise and may no longer grant
        given().header("Authorization", "Bearer " + ownerToken).when().get(admins).then().statusCode(401)
                .body("type", equalTo("https://huiketang.io/problems/token-out-of-date"));
        ownerToken = refresh(owner.getString("tokens.refreshToken")).then().statusCode(200).extract().path("accessToken");
        given().header("Authorization", "Bearer " + ownerToken).when().get(admins)
                .then().statusCode(200).body("accountId", equalTo(List.of(memberId)));
        given().header("Authorization", "Bearer " + ownerToken).when().put(admins + ownerId)
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("Only an administrator of this enterprise can do this."));
    }

    @Test
    void theLastAdminCannotBeRevoked() {
        JsonPath owner = registerAdult(newPhone());
        String token = owner.getString("tokens.accessToken");
        String enterpriseId = Enterprises.create(token, "唯一管理员公司").getString("id");

        given().header("Authorization", "Bearer " + token)
                .when().delete("/api/v1/enterprises/" + enterpriseId + "/admins/" + owner.getString("accountId"))
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/last-admin"));
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/enterprises/" + enterpriseId + "/admins")
                .then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void onlyMembersCanBeGrantedAndOnlyAdminsRevoked() {
        JsonPath owner = registerAdult(newPhone());
        String ownerToken = owner.getString("tokens.accessToken");
        String memberPhone = newPhone();
        JsonPath member = registerAdult(memberPhone);
        String stranger = registerAdult(newPhone()).getString("accountId");
        String enterpriseId = Enterprises.create(ownerToken, "成员才可授权公司").getString("id");
        Members.join(ownerToken, enterpriseId, memberPhone, member.getString("tokens.accessToken"), null);
        String admins = "/api/v1/enterprises/" + enterpriseId + "/admins/";

        given().header("Authorization", "Bearer " + ownerToken).when().put(admins + stranger)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + ownerToken).when().delete(admins + member.getString("accountId"))
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + ownerToken).when().put(admins + "not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anAdminOfAnotherEnterpriseIsAnOutsiderHere() {
        JsonPath ownerA = registerAdult(newPhone());
        String tokenA = ownerA.getString("tokens.accessToken");
        String tokenB = registerAdult(newPhone()).getString("tokens.accessToken");
        String enterpriseA = Enterprises.create(tokenA, "甲方公司").getString("id");
        Enterprises.create(tokenB, "乙方公司");
        String admins = "/api/v1/enterprises/" + enterpriseA + "/admins/";

        given().header("Authorization", "Bearer " + tokenB).when().get(admins)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + tokenB).when().delete(admins + ownerA.getString("accountId"))
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get(admins).then().statusCode(401).contentType("application/problem+json");
    }
}
