package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.testing.CreditCodes;
import io.huiketang.kit.testing.SsoBrowser;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Csv;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Journey 3: an enterprise is created, a member is invited and accepts, a second member logs in
 * through the enterprise's own identity provider (the stack's Keycloak, realm acme) and is
 * provisioned, and the admin exports the enterprise's meetings.
 */
class EnterpriseJourneyTest {

    private static final Pattern INVITATION = Pattern.compile("/join/([A-Za-z0-9_-]{43})");
    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void inviteAMemberProvisionAnotherBySsoAndExportTheEnterprisesMeetings() throws Exception {
        Person admin = app.registerAdult("管理员");
        String enterpriseId = app.post("/api/v1/enterprises", admin.token(), Map.of("name", "示例科技有限公司",
                "creditCode", CreditCodes.newCreditCode(),
                "contact", Map.of("name", "王经理", "phone", Client.newPhone(), "email", "it@example.com")))
                .expect(201).get("id").asText();
        admin.refresh(app); // the new token says whose admin this person is

        // A member by invitation: the invitation reaches the person's phone, and only acceptance makes a member
        Person invited = app.registerAdult("受邀成员");
        app.post("/api/v1/enterprises/" + enterpriseId + "/invitations", admin.token(), Map.of("phone", invited.phone()))
                .expect(201);
        String invitation = invitationTextedTo(invited.phone());
        assertEquals("示例科技有限公司", app.get("/api/v1/invitations/" + invitation, invited.token()).expect(200)
                .get("enterpriseName").asText());
        app.post("/api/v1/invitations/" + invitation + "/accept", invited.token(), Map.of()).expect(200);
        invited.refresh(app);

        // A member by SSO: the admin connects the enterprise's provider; Bob logs in there and is provisioned
        app.put("/api/v1/enterprises/" + enterpriseId + "/sso", admin.token(), Map.of(
                "issuer", SsoBrowser.KEYCLOAK + "/realms/acme", "clientId", "huiketang-platform",
                "clientSecret", "acme-platform-secret", "verifiedDomains", List.of("acme.example"))).expect(201);
        SsoBrowser browser = new SsoBrowser(platform.gatewayUrl(), platform.tls());
        URI callback = browser.loginAtKeycloak(enterpriseId, "bob", "bob-password");
        assertTrue(callback.toString().startsWith(platform.gatewayUrl() + "/api/v1/sso/callback?"), callback.toString());
        HttpResponse<String> loggedIn = browser.get(callback);
        assertEquals(200, loggedIn.statusCode(), loggedIn.body());
        JsonNode sso = new ObjectMapper().readTree(loggedIn.body());
        assertEquals(enterpriseId, sso.get("enterpriseId").asText());
        assertTrue(sso.get("newAccount").asBoolean(), "provisioned just in time");
        String bob = sso.get("tokens").get("accessToken").asText();
        app.get("/api/v1/accounts/me", bob).expect(200);

        JsonNode members = app.get("/api/v1/enterprises/" + enterpriseId + "/members?size=50", admin.token())
                .expect(200).get("members");
        assertEquals(Set.of(admin.accountId(), invited.accountId(), sso.get("accountId").asText()),
                members.findValuesAsText("accountId").stream().collect(Collectors.toSet()));
        members.forEach(m -> {
            if (m.get("accountId").asText().equals(sso.get("accountId").asText())) {
                assertEquals("bob@acme.example", m.get("companyEmail").asText(), m.toString());
                assertEquals("SSO", m.get("joinedVia").asText(), m.toString());
            }
        });

        // Both members hold meetings of the enterprise; its admin exports them
        String first = app.post("/api/v1/meetings", invited.token(), Map.of("topic", "部门周会", "kind", "INSTANT",
                "enterpriseId", enterpriseId)).expect(201).get("id").asText();
        String second = app.post("/api/v1/meetings", bob, Map.of("topic", "产品评审", "kind", "INSTANT",
                "enterpriseId", enterpriseId)).expect(201).get("id").asText();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Answer export = app.get("/api/v1/meetings/enterprise/" + enterpriseId + "/export?from=" + today.minusDays(1)
                + "&to=" + today.plusDays(1), admin.token());
        export.expect(200);
        Map<String, String> topics = Csv.rows(export.body().substring(1)).stream()
                .collect(Collectors.toMap(r -> r.get("meeting_id"), r -> r.get("topic")));
        assertEquals(Map.of(first, "部门周会", second, "产品评审"), topics);

        // A member who is not an admin may not export
        app.get("/api/v1/meetings/enterprise/" + enterpriseId + "/export?from=" + today + "&to=" + today,
                invited.token()).expectProblem(403);
    }

    private String invitationTextedTo(String phone) throws Exception {
        List<String> lines = java.nio.file.Files.readAllLines(platform.smsOutbox());
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher token = INVITATION.matcher(lines.get(i));
            if (lines.get(i).split("\t")[1].equals(phone) && token.find()) {
                return token.group(1);
            }
        }
        throw new AssertionError("no invitation was texted to " + phone);
    }
}
