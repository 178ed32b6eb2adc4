package io.huiketang.account.enterprise;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.refresh;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.EnterpriseEvents;
import io.huiketang.account.support.Enterprises;
import io.huiketang.account.support.Members;
import io.huiketang.kit.audit.AuditTrail;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** An enterprise's members (ACC-4, ACC-6): who sees what, moving them between departments, removing them. */
@QuarkusTest
class MemberTest {

    @Inject
    MembershipDataSection memberships;

    /** An enterprise with its owner (first admin) and one member who joined by invitation. */
    record Fixture(String enterpriseId, String ownerId, String ownerToken, String memberId, String memberPhone,
            String memberToken, String memberRefreshToken, String departmentId) {

        String members() {
            return "/api/v1/enterprises/" + enterpriseId + "/members";
        }
    }

    static Fixture fixture(String name) {
        JsonPath owner = registerAdult(newPhone());
        String ownerToken = owner.getString("tokens.accessToken");
        String memberPhone = newPhone();
        JsonPath member = registerAdult(memberPhone);
        String enterpriseId = Enterprises.create(ownerToken, name).getString("id");
        String departmentId = given().header("Authorization", "Bearer " + ownerToken).contentType(ContentType.JSON)
                .body(Map.of("name", "产品部")).when().post("/api/v1/enterprises/" + enterpriseId + "/departments")
                .then().statusCode(201).extract().path("id");
        Members.join(ownerToken, enterpriseId, memberPhone, member.getString("tokens.accessToken"), departmentId);
        return new Fixture(enterpriseId, owner.getString("accountId"), ownerToken, member.getString("accountId"),
                memberPhone, member.getString("tokens.accessToken"), member.getString("tokens.refreshToken"),
                departmentId);
    }

    @Test
    void anAdminSeesTheMembersContactDataAndEachReadIsAudited() {
        Fixture f = fixture("成员列表公司");
        try (TopicReader audit = TopicReader.fromNow(AuditTrail.TOPIC)) {
            given().header("Authorization", "Bearer " + f.ownerToken()).when().get(f.members())
                    .then().statusCode(200).body("total", equalTo(2)).body("members", hasSize(2))
                    .body("members[0].accountId", equalTo(f.ownerId()))
                    .body("members[0].admin", equalTo(true))
                    .body("members[0].joinedVia", equalTo("CREATOR"))
                    .body("members[1].accountId", equalTo(f.memberId()))
                    .body("members[1].displayName", equalTo("测试用户"))
                    .body("members[1].phone", equalTo(f.memberPhone()))
                    .body("members[1].departmentId", equalTo(f.departmentId()))
                    .body("members[1].admin", equalTo(false))
                    .body("members[1].joinedVia", equalTo("INVITATION"));

            // The admin's own entry is not someone else's data; the member's is
            ConsumedEvent read = audit.readUntil(rs -> rs.stream().anyMatch(r -> f.memberId().equals(r.key())),
                    Duration.ofSeconds(20)).stream().filter(r -> f.memberId().equals(r.key()))
                    .map(PublishedEvents::assertValid).findFirst().orElseThrow();
            assertEquals(AuditTrail.PERSONAL_DATA_ACCESSED, read.type());
            assertEquals(f.ownerId(), read.data().get("actorId").asText());
            assertEquals("enterprise_admin", read.data().get("actorRole").asText());
        }
    }

    @Test
    void aPlainMemberSeesOnlyNamesAndDepartments() {
        Fixture f = fixture("普通成员视图公司");
        given().header("Authorization", "Bearer " + f.memberToken()).when().get(f.members())
                .then().statusCode(200).body("members", hasSize(2))
                .body("members[1].displayName", equalTo("测试用户"))
                .body("members[1].departmentId", equalTo(f.departmentId()))
                .body("members[0].admin", equalTo(true))
                .body("members[1]", not(hasKey("phone")))
                .body("members[1]", not(hasKey("companyEmail")))
                .body("members[1]", not(hasKey("avatarUrl")))
                .body("members[0]", not(hasKey("joinedAt")));
    }

    @Test
    void theListIsPagedAndFilteredByDepartment() {
        Fixture f = fixture("分页成员公司");
        given().header("Authorization", "Bearer " + f.ownerToken()).queryParam("size", 1).queryParam("page", 1)
                .when().get(f.members())
                .then().statusCode(200).body("total", equalTo(2)).body("page", equalTo(1)).body("size", equalTo(1))
                .body("members.accountId", equalTo(List.of(f.memberId())));
        given().header("Authorization", "Bearer " + f.ownerToken()).queryParam("departmentId", f.departmentId())
                .when().get(f.members())
                .then().statusCode(200).body("total", equalTo(1)).body("members[0].accountId", equalTo(f.memberId()));

        given().header("Authorization", "Bearer " + f.ownerToken()).queryParam("size", 0).when().get(f.members())
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("size"));
        given().header("Authorization", "Bearer " + f.ownerToken()).queryParam("size", 201).when().get(f.members())
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        given().header("Authorization", "Bearer " + f.ownerToken())
                .queryParam("departmentId", java.util.UUID.randomUUID().toString()).when().get(f.members())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("departmentId"));
    }

    @Test
    void anAdminMovesAMemberToAnotherDepartment() {
        Fixture f = fixture("调岗公司");
        String other = given().header("Authorization", "Bearer " + f.ownerToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "设计部")).when().post("/api/v1/enterprises/" + f.enterpriseId() + "/departments")
                .then().statusCode(201).extract().path("id");
        String move = f.members() + "/" + f.memberId() + "/department";

        given().header("Authorization", "Bearer " + f.ownerToken()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", other)).when().put(move).then().statusCode(204);
        given().header("Authorization", "Bearer " + f.memberToken()).when().get(f.members())
                .then().body("members.find { it.accountId == '" + f.memberId() + "' }.departmentId", equalTo(other));
        given().header("Authorization", "Bearer " + f.ownerToken()).contentType(ContentType.JSON)
                .body("{\"departmentId\": null}").when().put(move).then().statusCode(204);
        given().header("Authorization", "Bearer " + f.memberToken()).when().get(f.members())
                .then().body("members.find { it.accountId == '" + f.memberId() + "' }.departmentId", nullValue());

        given().header("Authorization", "Bearer " + f.ownerToken()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", java.util.UUID.randomUUID().toString())).when().put(move)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("departmentId"));
        given().header("Authorization", "Bearer " + f.ownerToken()).contentType(ContentType.JSON)
                .body("{\"departmentId\": 42").when().put(move)
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + f.ownerToken()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", other))
                .when().put(f.members() + "/" + java.util.UUID.randomUUID() + "/department")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void removingAMemberEndsTheMembershipAndTheAdminRole() {
        Fixture f = fixture("移除成员公司");
        given().header("Authorization", "Bearer " + f.ownerToken())
                .when().put("/api/v1/enterprises/" + f.enterpriseId() + "/admins/" + f.memberId())
                .then().statusCode(201);

        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            given().header("Authorization", "Bearer " + f.ownerToken()).when().delete(f.members() + "/" + f.memberId())
                    .then().statusCode(204);
            List<ConsumedEvent> ours = EnterpriseEvents.read(events, f.enterpriseId(),
                    EnterpriseEvents.ofTypes(AccountEvents.ADMIN_REVOKED, AccountEvents.MEMBER_REMOVED), 2);
            assertEquals(AccountEvents.ADMIN_REVOKED, ours.get(0).type());
            assertEquals(AccountEvents.MEMBER_REMOVED, ours.get(1).type());
            assertEquals(f.memberId(), ours.get(1).data().get("accountId").asText());
            assertEquals(f.ownerId(), ours.get(1).data().get("removedBy").asText());
        }

        // The former member's token still names the enterprise: out of date, and a fresh one finds nothing
        given().header("Authorization", "Bearer " + f.memberToken()).when().get("/api/v1/enterprises/" + f.enterpriseId())
                .then().statusCode(401).body("type", equalTo("https://huiketang.io/problems/token-out-of-date"));
        String refreshed = refresh(f.memberRefreshToken()).then().statusCode(200).extract().path("accessToken");
        given().header("Authorization", "Bearer " + refreshed).when().get("/api/v1/enterprises/" + f.enterpriseId())
                .then().statusCode(404);
        given().header("Authorization", "Bearer " + f.ownerToken()).when().get(f.members())
                .then().body("members.accountId", equalTo(List.of(f.ownerId())));
        given().header("Authorization", "Bearer " + f.ownerToken()).when().delete(f.members() + "/" + f.memberId())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        Fixture f = fixture("最后管理员公司");
        given().header("Authorization", "Bearer " + f.ownerToken()).when().delete(f.members() + "/" + f.ownerId())
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/last-admin"));
    }

    @Test
    void membersCannotRemoveOrMoveAndOutsidersSeeNothing() {
        Fixture f = fixture("成员权限公司");
        String outsiderToken = registerAdult(newPhone()).getString("tokens.accessToken");
        Enterprises.create(outsiderToken, "旁人公司");

        given().header("Authorization", "Bearer " + f.memberToken()).when().delete(f.members() + "/" + f.ownerId())
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + f.memberToken()).contentType(ContentType.JSON)
                .body("{\"departmentId\": null}").when().put(f.members() + "/" + f.memberId() + "/department")
                .then().statusCode(403);
        given().header("Authorization", "Bearer " + outsiderToken).when().get(f.members())
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + outsiderToken).when().delete(f.members() + "/" + f.memberId())
                .then().statusCode(404);
    }

    @Test
    void aPersonsMembershipsAreExportedAndTheirErasureEndsThemWithEvents() {
        Fixture f = fixture("成员个人数据公司");
        given().header("Authorization", "Bearer " + f.ownerToken())
                .when().put("/api/v1/enterprises/" + f.enterpriseId() + "/admins/" + f.memberId())
                .then().statusCode(201);
        UUID memberId = UUID.fromString(f.memberId());

        JsonNode exported = QuarkusTransaction.requiringNew().call(() -> memberships.export(memberId));
        assertEquals(1, exported.size());
        assertEquals(f.enterpriseId(), exported.get(0).get("enterpriseId").asText());
        assertEquals("成员个人数据公司", exported.get(0).get("enterpriseName").asText());
        assertEquals("产品部", exported.get(0).get("departmentName").asText());
        assertEquals("INVITATION", exported.get(0).get("joinedVia").asText());
        assertTrue(exported.get(0).get("admin").asBoolean());

        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            assertEquals(Map.of("enterprise_admin", 1L, "enterprise_member", 1L),
                    QuarkusTransaction.requiringNew().call(() -> memberships.erase(memberId)));
            List<ConsumedEvent> ours = EnterpriseEvents.read(events, f.enterpriseId(),
                    EnterpriseEvents.ofTypes(AccountEvents.ADMIN_REVOKED, AccountEvents.MEMBER_REMOVED), 2);
            assertEquals(AccountEvents.ADMIN_REVOKED, ours.get(0).type());
            assertEquals(AccountEvents.MEMBER_REMOVED, ours.get(1).type());
            assertEquals(f.memberId(), ours.get(1).data().get("removedBy").asText());
        }
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> memberships.export(memberId)).size());
        given().header("Authorization", "Bearer " + f.ownerToken()).when().get(f.members())
                .then().body("total", equalTo(1));
    }
}
