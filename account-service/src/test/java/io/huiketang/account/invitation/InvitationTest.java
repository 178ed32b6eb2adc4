package io.huiketang.account.invitation;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.register;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.Members.invitationTokenMailedTo;
import static io.huiketang.account.support.Members.invitationTokenTextedTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.EnterpriseEvents;
import io.huiketang.account.support.Enterprises;
import io.huiketang.account.support.Members;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Invitations (ACC-4): by mobile number or e-mail, with an expiring token; only acceptance makes a member. */
@QuarkusTest
class InvitationTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    InvitationDataSection invitationData;

    /** An enterprise and its admin. */
    record Enterprise(String id, String adminId, String adminToken) {

        String invitations() {
            return "/api/v1/enterprises/" + id + "/invitations";
        }
    }

    static Enterprise enterprise(String name) {
        JsonPath admin = registerAdult(newPhone());
        String token = admin.getString("tokens.accessToken");
        return new Enterprise(Enterprises.create(token, name).getString("id"), admin.getString("accountId"), token);
    }

    @Test
    void anInvitationByMobileIsTextedStoredEncryptedAndMakesAMemberOnlyWhenAccepted() throws Exception {
        Enterprise e = enterprise("邀请测试公司");
        String department = given().header("Authorization", "Bearer " + e.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "研发部")).when().post("/api/v1/enterprises/" + e.id() + "/departments")
                .then().statusCode(201).extract().path("id");
        String phone = newPhone();
        JsonPath invitee = registerAdult(phone);
        String inviteeToken = invitee.getString("tokens.accessToken");

        String invitationId = invite(e, Map.of("phone", phone.substring(3), "name", "张三", "departmentId", department))
                .statusCode(201)
                .header("Location", containsString(e.invitations() + "/"))
                .body("channel", equalTo("MOBILE"))
                .body("phone", equalTo(phone.substring(0, phone.length() - 8) + "****" + phone.substring(phone.length() - 4)))
                .body("name", equalTo("张三"))
                .body("departmentId", equalTo(department))
                .body("status", equalTo("PENDING"))
                .body("expired", equalTo(false))
                .extract().path("id");
        String token = invitationTokenTextedTo(phone);

        try (var connection = dataSource.getConnection();
                var select = connection.prepareStatement(
                        "SELECT phone_cipher, phone_hash, token_hash, expires_at - created_at FROM invitation WHERE id = ?::uuid")) {
            select.setString(1, invitationId);
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertFalse(rs.getString(1).contains(phone.substring(3)), "the number is encrypted at rest");
                assertFalse(rs.getString(2).contains(phone.substring(3)), "the lookup hash is keyed");
                assertNotEquals(token, rs.getString(3), "only the token's hash is stored");
                assertEquals("7 days", rs.getString(4));
            }
        }

        // Invited is not a member
        given().header("Authorization", "Bearer " + inviteeToken).when().get("/api/v1/enterprises/" + e.id())
                .then().statusCode(404);
        given().header("Authorization", "Bearer " + inviteeToken).when().get("/api/v1/invitations/" + token)
                .then().statusCode(200)
                .body("enterpriseId", equalTo(e.id()))
                .body("enterpriseName", equalTo("邀请测试公司"))
                .body("invitedBy", equalTo("测试用户"))
                .body("departmentName", equalTo("研发部"))
                .body("channel", equalTo("MOBILE"));

        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            given().header("Authorization", "Bearer " + inviteeToken).when().post("/api/v1/invitations/" + token + "/accept")
                    .then().statusCode(200)
                    .body("enterpriseId", equalTo(e.id()))
                    .body("departmentId", equalTo(department))
                    .body("joinedVia", equalTo("INVITATION"));
            ConsumedEvent joined = EnterpriseEvents.read(events, e.id(),
                    EnterpriseEvents.about(AccountEvents.MEMBER_JOINED, invitee.getString("accountId")), 1).get(0);
            assertEquals("INVITATION", joined.data().get("via").asText());
        }

        given().header("Authorization", "Bearer " + inviteeToken).when().get("/api/v1/enterprises/" + e.id())
                .then().statusCode(200).body("admin", equalTo(false));
        given().header("Authorization", "Bearer " + inviteeToken).when().post("/api/v1/invitations/" + token + "/accept")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/invitation-answered"));
        given().header("Authorization", "Bearer " + e.adminToken()).when().get(e.invitations())
                .then().statusCode(200).body("id", not(hasItem(invitationId)));
    }

    @Test
    void anInvitationToAnotherNumberCanBeNeitherSeenNorAnswered() {
        Enterprise e = enterprise("号码不符公司");
        String phone = newPhone();
        invite(e, Map.of("phone", phone)).statusCode(201);
        String token = invitationTokenTextedTo(phone);
        String someoneElse = registerAdult(newPhone()).getString("tokens.accessToken");

        for (ValidatableResponse refused : List.of(
                given().header("Authorization", "Bearer " + someoneElse).when().get("/api/v1/invitations/" + token).then(),
                given().header("Authorization", "Bearer " + someoneElse).when().post("/api/v1/invitations/" + token + "/accept").then(),
                given().header("Authorization", "Bearer " + someoneElse).when().post("/api/v1/invitations/" + token + "/decline").then())) {
            refused.statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://huiketang.io/problems/invitation-for-another-number"));
        }
        // The invitation is untouched: its invitee can still register and accept
        String invitee = registerAdult(phone).getString("tokens.accessToken");
        given().header("Authorization", "Bearer " + invitee).when().post("/api/v1/invitations/" + token + "/accept")
                .then().statusCode(200);
    }

    @Test
    void theInviteeMayDeclineAndThenNeverJoinsByThatInvitation() {
        Enterprise e = enterprise("拒绝邀请公司");
        String phone = newPhone();
        String inviteeToken = registerAdult(phone).getString("tokens.accessToken");
        invite(e, Map.of("phone", phone)).statusCode(201);
        String token = invitationTokenTextedTo(phone);

        given().header("Authorization", "Bearer " + inviteeToken).when().post("/api/v1/invitations/" + token + "/decline")
                .then().statusCode(204);
        given().header("Authorization", "Bearer " + inviteeToken).when().post("/api/v1/invitations/" + token + "/accept")
                .then().statusCode(409).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + inviteeToken).when().get("/api/v1/enterprises/" + e.id())
                .then().statusCode(404);
    }

    @Test
    void anExpiredInvitationIsGoneAndTheAdminCanInviteAgain() throws Exception {
        Enterprise e = enterprise("过期邀请公司");
        String phone = newPhone();
        String inviteeToken = registerAdult(phone).getString("tokens.accessToken");
        String invitationId = invite(e, Map.of("phone", phone)).statusCode(201).extract().path("id");
        String token = invitationTokenTextedTo(phone);
        try (var connection = dataSource.getConnection();
                var update = connection.prepareStatement(
                        "UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE id = ?::uuid")) {
            update.setString(1, invitationId);
            assertEquals(1, update.executeUpdate());
        }

        given().header("Authorization", "Bearer " + inviteeToken).when().get("/api/v1/invitations/" + token)
                .then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/invitation-expired"));
        given().header("Authorization", "Bearer " + inviteeToken).when().post("/api/v1/invitations/" + token + "/accept")
                .then().statusCode(410).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + e.adminToken()).when().get(e.invitations())
                .then().statusCode(200).body("find { it.id == '" + invitationId + "' }.expired", equalTo(true));

        invite(e, Map.of("phone", phone)).statusCode(201);
        given().header("Authorization", "Bearer " + inviteeToken)
                .when().post("/api/v1/invitations/" + invitationTokenTextedTo(phone) + "/accept").then().statusCode(200);
    }

    @Test
    void aWithdrawnInvitationIsGone() {
        Enterprise e = enterprise("撤回邀请公司");
        String phone = newPhone();
        String inviteeToken = registerAdult(phone).getString("tokens.accessToken");
        String invitationId = invite(e, Map.of("phone", phone)).statusCode(201).extract().path("id");
        String token = invitationTokenTextedTo(phone);

        given().header("Authorization", "Bearer " + e.adminToken()).when().delete(e.invitations() + "/" + invitationId)
                .then().statusCode(204);
        given().header("Authorization", "Bearer " + inviteeToken).when().post("/api/v1/invitations/" + token + "/accept")
                .then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/invitation-withdrawn"));
        given().header("Authorization", "Bearer " + e.adminToken()).when().delete(e.invitations() + "/" + invitationId)
                .then().statusCode(409).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + e.adminToken()).when().delete(e.invitations() + "/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anUnknownTokenIsNotFoundAndTokensNeedALogin() {
        String someone = registerAdult(newPhone()).getString("tokens.accessToken");
        given().header("Authorization", "Bearer " + someone).when().get("/api/v1/invitations/no-such-token")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + someone).when().post("/api/v1/invitations/no-such-token/accept")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/invitations/no-such-token").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void anInvitationByEmailIsMailedAndWhoeverHoldsTheTokenMayAccept() {
        Enterprise e = enterprise("邮件邀请公司");
        String email = "li.si+" + UUID.randomUUID() + "@example.com";
        invite(e, Map.of("email", email)).statusCode(201).body("channel", equalTo("EMAIL")).body("email", equalTo(email));
        JsonPath invitee = registerAdult(newPhone());
        String inviteeToken = invitee.getString("tokens.accessToken");

        given().header("Authorization", "Bearer " + inviteeToken)
                .when().post("/api/v1/invitations/" + invitationTokenMailedTo(email) + "/accept")
                .then().statusCode(200).body("joinedVia", equalTo("INVITATION"));
        given().header("Authorization", "Bearer " + e.adminToken()).when().get("/api/v1/enterprises/" + e.id() + "/members")
                .then().body("members.find { it.accountId == '" + invitee.getString("accountId") + "' }.companyEmail",
                        equalTo(email));

        // A second invitation to the same person (at another address) cannot make them a member twice
        String other = "li.si.2+" + UUID.randomUUID() + "@example.com";
        invite(e, Map.of("email", other)).statusCode(201);
        given().header("Authorization", "Bearer " + inviteeToken)
                .when().post("/api/v1/invitations/" + invitationTokenMailedTo(other) + "/accept")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/already-member"));
    }

    @Test
    void aChildAwaitingGuardianConsentCannotJoin() {
        Enterprise e = enterprise("未成年人公司");
        String phone = newPhone();
        String child = register(phone, Map.of("birthDate", LocalDate.now().minusYears(10).toString()))
                .getString("tokens.accessToken");
        invite(e, Map.of("phone", phone)).statusCode(201);
        given().header("Authorization", "Bearer " + child)
                .when().post("/api/v1/invitations/" + invitationTokenTextedTo(phone) + "/accept")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anInvitationNeedsExactlyOneValidAddressAndAKnownDepartment() {
        Enterprise e = enterprise("邀请输入公司");
        invite(e, Map.of("name", "无地址")).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("phone"));
        invite(e, Map.of("phone", newPhone(), "email", "a@example.com")).statusCode(400)
                .body("errors[0].field", equalTo("email"));
        invite(e, Map.of("phone", "12345")).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("phone"));
        invite(e, Map.of("email", "not-an-address")).statusCode(400).body("errors[0].field", equalTo("email"));
        invite(e, Map.of("phone", newPhone(), "departmentId", UUID.randomUUID().toString())).statusCode(400)
                .body("errors[0].field", equalTo("departmentId"));
        given().header("Authorization", "Bearer " + e.adminToken()).contentType(ContentType.JSON).body("{\"phone\" \"13900000000\"}")
                .when().post(e.invitations())
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
    }

    @Test
    void invitingAMemberOrSomeoneWithAPendingInvitationIsAConflict() {
        Enterprise e = enterprise("重复邀请公司");
        String memberPhone = newPhone();
        Members.join(e.adminToken(), e.id(), memberPhone, registerAdult(memberPhone).getString("tokens.accessToken"), null);
        invite(e, Map.of("phone", memberPhone)).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/already-member"));
        String phone = newPhone();
        invite(e, Map.of("phone", phone)).statusCode(201);
        invite(e, Map.of("phone", phone)).statusCode(409)
                .body("type", equalTo("https://huiketang.io/problems/already-invited"));
        invite(e, Map.of("email", "Wang@Example.com")).statusCode(201);
        invite(e, Map.of("email", "wang@example.com")).statusCode(409);
    }

    @Test
    void onlyTheEnterprisesAdminsInviteListAndWithdraw() {
        Enterprise a = enterprise("甲邀请公司");
        Enterprise b = enterprise("乙邀请公司");
        String memberPhone = newPhone();
        String memberToken = registerAdult(memberPhone).getString("tokens.accessToken");
        Members.join(a.adminToken(), a.id(), memberPhone, memberToken, null);
        String invitationId = invite(a, Map.of("phone", newPhone())).statusCode(201).extract().path("id");

        given().header("Authorization", "Bearer " + memberToken).contentType(ContentType.JSON)
                .body(Map.of("phone", newPhone())).when().post(a.invitations()).then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + memberToken).when().get(a.invitations()).then().statusCode(403);
        given().header("Authorization", "Bearer " + memberToken).when().delete(a.invitations() + "/" + invitationId)
                .then().statusCode(403);

        given().header("Authorization", "Bearer " + b.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("phone", newPhone())).when().post(a.invitations()).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + b.adminToken()).when().get(a.invitations()).then().statusCode(404);
        // A's invitation through B's path: B's admin cannot reach it
        given().header("Authorization", "Bearer " + b.adminToken()).when().delete(b.invitations() + "/" + invitationId)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + a.adminToken()).when().get(a.invitations())
                .then().statusCode(200).body("id", hasItem(invitationId));
    }

    @Test
    void thePersonalDataSectionExportsAndErasesInvitationsAddressedToThePerson() throws Exception {
        Enterprise e = enterprise("个人数据邀请公司");
        String phone = newPhone();
        JsonPath invitee = registerAdult(phone);
        UUID inviteeId = UUID.fromString(invitee.getString("accountId"));
        invite(e, Map.of("phone", phone, "name", "赵六")).statusCode(201);
        String otherInvitation = invite(e, Map.of("phone", newPhone())).statusCode(201).extract().path("id");

        JsonNode exported = QuarkusTransaction.requiringNew().call(() -> invitationData.export(inviteeId));
        assertEquals(1, exported.size());
        assertEquals(e.id(), exported.get(0).get("enterpriseId").asText());
        assertEquals("个人数据邀请公司", exported.get(0).get("enterpriseName").asText());
        assertEquals(phone, exported.get(0).get("phone").asText());
        assertEquals("赵六", exported.get(0).get("name").asText());
        assertEquals("PENDING", exported.get(0).get("status").asText());

        Map<String, Long> erased = QuarkusTransaction.requiringNew().call(() -> invitationData.erase(inviteeId));
        assertEquals(1L, erased.get("invitation"));
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> invitationData.export(inviteeId)).size());

        // The inviting admin's erasure keeps the invitations they sent, without them
        UUID adminId = UUID.fromString(e.adminId());
        Map<String, Long> adminErased = QuarkusTransaction.requiringNew().call(() -> invitationData.erase(adminId));
        assertEquals(1L, adminErased.get("invitation.invited_by"));
        try (var connection = dataSource.getConnection();
                var select = connection.prepareStatement("SELECT invited_by, status FROM invitation WHERE id = ?::uuid")) {
            select.setString(1, otherInvitation);
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertNull(rs.getString(1));
                assertEquals("PENDING", rs.getString(2));
            }
        }
    }

    private static ValidatableResponse invite(Enterprise e, Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + e.adminToken()).contentType(ContentType.JSON).body(body)
                .when().post(e.invitations()).then();
    }
}
