package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API5:2023, broken function level authorisation: a plain member of an enterprise calling its
 * administrators' operations, and a participant who is not the host calling the host's, are
 * refused with 403 problems and change nothing.
 */
class FunctionLevelAuthorisationTest {

    private final Client app = Platform.get().client();
    private final Tenants tenants = new Tenants();

    @Test
    void aPlainMemberCannotAdministerTheirEnterprise() {
        Person admin = app.registerAdult("管理员");
        String enterprise = tenants.enterprise(admin, "功能权限公司");
        Person member = tenants.member(admin, enterprise, "普通成员");
        String e = "/api/v1/enterprises/" + enterprise;
        String department = app.post(e + "/departments", admin.token(), Map.of("name", "市场部")).expect(201).get("id")
                .asText();
        String today = LocalDate.now().toString();

        app.post(e + "/invitations", member.token(), Map.of("phone", Client.newPhone())).expectProblem(403);
        app.get(e + "/invitations", member.token()).expectProblem(403);
        app.post(e + "/departments", member.token(), Map.of("name", "成员建的部门")).expectProblem(403);
        app.put(e + "/departments/" + department, member.token(), Map.of("name", "改名")).expectProblem(403);
        app.delete(e + "/departments/" + department, member.token()).expectProblem(403);
        app.put(e + "/admins/" + member.accountId(), member.token(), Map.of()).expectProblem(403);
        app.delete(e + "/admins/" + admin.accountId(), member.token()).expectProblem(403);
        app.delete(e + "/members/" + admin.accountId(), member.token()).expectProblem(403);
        app.put(e + "/members/" + member.accountId() + "/department", member.token(),
                Map.of("departmentId", department)).expectProblem(403);
        app.get(e + "/sso", member.token()).expectProblem(403);
        app.put(e + "/sso", member.token(), Map.of("issuer", "https://sso.example.com", "clientId", "x", "clientSecret",
                "y", "verifiedDomains", java.util.List.of("example.com"))).expectProblem(403);
        app.get("/api/v1/meetings/enterprise/" + enterprise + "/export?from=" + today + "&to=" + today, member.token())
                .expectProblem(403);

        // Nothing changed: still one admin, the department as named, the member in none, no new invitation
        member.refresh(app);
        assertEquals(1, app.get(e + "/admins", admin.token()).expect(200).size());
        JsonNode departments = app.get(e + "/departments", admin.token()).expect(200);
        assertEquals(1, departments.size(), departments.toString());
        assertEquals("市场部", departments.get(0).get("name").asText());
        assertEquals("功能权限公司", app.get(e, admin.token()).expect(200).get("name").asText());
        assertEquals(0, app.get(e + "/invitations", admin.token()).expect(200).size());
    }

    @Test
    void aParticipantWhoIsNotTheHostCannotRunTheMeeting() {
        Person host = app.registerAdult("主持人");
        Person guest = app.registerAdult("参会者");
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "主持人的会", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();
        String number = meeting.get("number").asText();
        app.post("/api/v1/meetings/join", host.token(), Map.of("number", number)).expect(200);
        app.post("/api/v1/meetings/join", guest.token(), Map.of("number", number)).expect(200);

        app.post("/api/v1/meetings/" + id + "/end", guest.token(), Map.of()).expectProblem(403);
        app.post("/api/v1/meetings/" + id + "/cancel", guest.token(), Map.of()).expectProblem(403);
        app.patch("/api/v1/meetings/" + id, guest.token(), Map.of("topic", "参会者改的")).expectProblem(403);

        JsonNode after = app.get("/api/v1/meetings/" + id, host.token()).expect(200);
        assertEquals("主持人的会", after.get("topic").asText());
        assertNotEquals("ENDED", after.get("status").asText());
        assertNotEquals("CANCELLED", after.get("status").asText());
    }
}
