package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API3:2023, broken object property level authorisation: fields a client must not set
 * (ids, owners, status, rights) are ignored or refused in create and update bodies and never take
 * effect; answers never carry what is internal (a number in clear to those not entitled, hashes,
 * lookup values, encrypted blobs).
 */
class PropertyLevelAuthorisationTest {

    private static final List<String> INTERNAL = List.of("passcodeHash", "passcode_hash", "lookup", "Hash\"",
            "encrypted", "cipher", "password", "secret\"", "phoneLookup");

    private final Client app = Platform.get().client();
    private final Tenants tenants = new Tenants();

    @Test
    void extraFieldsInAMeetingNeverSetItsOwnerIdStatusOrNumber() {
        Person host = app.registerAdult("会议主人");
        Person other = app.registerAdult("他人");
        String chosenId = UUID.randomUUID().toString();
        Map<String, Object> body = new HashMap<>(Map.of("topic", "批量赋值", "kind", "INSTANT", "passcode", "4711"));
        body.putAll(Map.of("id", chosenId, "creatorId", other.accountId(), "hostId", other.accountId(), "status", "ENDED",
                "number", "123456789", "passcodeHash", "x", "startedAt", "2020-01-01T00:00:00Z"));
        Answer created = app.post("/api/v1/meetings", host.token(), body);
        if (created.status() == 400) {
            created.expectProblem(400); // refusing unknown fields is as good as ignoring them
            return;
        }
        JsonNode meeting = created.expect(201);
        String id = meeting.get("id").asText();
        assertNotEquals(chosenId, id);
        assertEquals(host.accountId(), meeting.get("creatorId").asText());
        assertNotEquals("ENDED", meeting.get("status").asText());
        assertNotEquals("123456789", meeting.get("number").asText());
        noInternals(created);
        // the update is held to the same
        Answer patched = app.patch("/api/v1/meetings/" + id, host.token(), Map.of("topic", "改过", "creatorId",
                other.accountId(), "status", "ENDED", "enterpriseId", UUID.randomUUID().toString()));
        assertTrue(patched.status() == 200 || patched.status() == 400, patched::body);
        JsonNode after = app.get("/api/v1/meetings/" + id, host.token()).expect(200);
        assertEquals(host.accountId(), after.get("creatorId").asText());
        assertNotEquals("ENDED", after.get("status").asText());
        assertTrue(after.get("enterpriseId").isNull(), after.toString());
        app.get("/api/v1/meetings/" + id, other.token()).expectProblem(404);
        noInternals(app.get("/api/v1/meetings/" + id, host.token()));
    }

    @Test
    void extraFieldsInAProfileOrEnterpriseNeverGrantRightsOrChangeIdentity() {
        Person someone = app.registerAdult("资料主人");
        JsonNode before = app.get("/api/v1/accounts/me", someone.token()).expect(200);
        Map<String, Object> body = new HashMap<>(Map.of("displayName", "新名字", "id", UUID.randomUUID().toString(),
                "accountId", UUID.randomUUID().toString(), "phone", Client.newPhone(), "status", "SUSPENDED",
                "ageBracket", "CHILD", "roles", List.of("admin"), "admin", true));
        body.putAll(Map.of("enterpriseId", UUID.randomUUID().toString(), "enterprises", List.of("x")));
        Answer patched = app.patch("/api/v1/accounts/me", someone.token(), body);
        assertTrue(patched.status() == 200 || patched.status() == 400, patched::body);
        JsonNode after = app.get("/api/v1/accounts/me", someone.token()).expect(200);
        for (String field : List.of("accountId", "id", "phone", "ageBracket", "status", "roles", "enterprises")) {
            assertEquals(before.get(field), after.get(field), field + ": " + after);
        }
        noInternals(app.get("/api/v1/accounts/me", someone.token()));
        // and their token after a refresh carries no rights the body asked for
        someone.refresh(app);
        app.get("/api/v1/enterprises/" + body.get("enterpriseId"), someone.token()).expectProblem(404);

        Person admin = app.registerAdult("公司管理员");
        String chosenId = UUID.randomUUID().toString();
        Answer created = app.post("/api/v1/enterprises", admin.token(), Map.of("name", "属性公司", "creditCode",
                io.huiketang.kit.testing.CreditCodes.newCreditCode(), "contact", Map.of("name", "联系人", "phone",
                        Client.newPhone()), "id", chosenId, "residencyRegion", "us", "verified", true, "admins",
                List.of(someone.accountId())));
        assertTrue(created.status() == 201 || created.status() == 400, created::body);
        if (created.status() == 201) {
            JsonNode view = created.json();
            assertNotEquals(chosenId, view.get("id").asText());
            assertNotEquals("us", view.get("residencyRegion").asText());
            app.get("/api/v1/enterprises/" + view.get("id").asText() + "/admins", someone.token()).expectProblem(404);
            noInternals(created);
        }
    }

    @Test
    void membersOfAnEnterpriseDoNotSeeEachOthersNumbersOrAnyInternals() {
        Person admin = app.registerAdult("成员管理员");
        String enterprise = tenants.enterprise(admin, "号码公司");
        Person member = tenants.member(admin, enterprise, "号码成员");
        Answer asMember = app.get("/api/v1/enterprises/" + enterprise + "/members", member.token());
        asMember.expect(200);
        assertFalse(asMember.body().contains(admin.phone()) || asMember.body().contains(admin.phone().substring(3)),
                asMember.body());
        Answer asAdmin = app.get("/api/v1/enterprises/" + enterprise + "/members", admin.token());
        asAdmin.expect(200);
        for (Answer answer : List.of(asMember, asAdmin, app.get("/api/v1/enterprises/" + enterprise, member.token()),
                app.get("/api/v1/enterprises/" + enterprise + "/invitations", admin.token()))) {
            noInternals(answer);
        }
        JsonNode enterpriseAsMember = app.get("/api/v1/enterprises/" + enterprise, member.token()).expect(200);
        assertTrue(enterpriseAsMember.path("contactPhone").isNull() || enterpriseAsMember.path("contactPhone").isMissingNode(),
                "the contact's number is for admins only: " + enterpriseAsMember);
    }

    private static void noInternals(Answer answer) {
        for (String internal : INTERNAL) {
            assertFalse(answer.body().contains(internal), () -> answer.method() + " " + answer.path() + " exposes "
                    + internal + ": " + answer.body());
        }
    }
}
