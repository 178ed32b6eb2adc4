package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API1:2023, broken object level authorisation. journeys/CrossTenantTest walks a few
 * operations by hand; this walks every operation of the merged API description that names an
 * object in its path, calling it as a stranger with the owner's real ids, and then checks as the
 * owner that nothing changed. A new operation with a path parameter is covered without being named
 * here, and one whose parameter this test does not know fails it, so it cannot be forgotten.
 */
class ObjectLevelAuthorisationTest {

    /** Operations whose path parameter is itself the credential or a public entry point, by design. */
    private static final Set<String> PUBLIC_BY_DESIGN = Set.of(
            "GET /api/v1/sso/{enterpriseId}/authorize", // starts an SSO login; the provider authenticates
            "GET /api/v1/privacy/policies/{version}", // the published policy texts are public
            "GET /api/v1/privacy/receipts/{requestId}", // an erasure's receipt: its random id is the capability
            "PUT /api/v1/privacy/consents/{purpose}"); // the caller's own consent: the path names a purpose, no object
    /** The invitation token is a 256-bit capability sent to the invitee: holding it is the authorisation. */
    private static final String CAPABILITY = "{token}";
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    private final Client app = Platform.get().client();
    private final Tenants tenants = new Tenants();

    @Test
    void noOperationOnAnotherTenantsOrPersonsObjectSucceeds() {
        Person ownerAdmin = app.registerAdult("乙公司管理员");
        String enterprise = tenants.enterprise(ownerAdmin, "乙公司");
        Person ownerMember = tenants.member(ownerAdmin, enterprise, "乙公司成员");
        String department = app.post("/api/v1/enterprises/" + enterprise + "/departments", ownerAdmin.token(),
                Map.of("name", "研发部")).expect(201).get("id").asText();
        String invitation = app.post("/api/v1/enterprises/" + enterprise + "/invitations", ownerAdmin.token(),
                Map.of("phone", Client.newPhone())).expect(201).get("id").asText();
        JsonNode meeting = app.post("/api/v1/meetings", ownerMember.token(), Map.of("topic", "乙的会议", "kind", "INSTANT"))
                .expect(201);
        String meetingId = meeting.get("id").asText();
        app.post("/api/v1/meetings/join", ownerMember.token(), Map.of("number", meeting.get("number").asText()))
                .expect(200);
        String recording = recordingOf(ownerMember, meetingId);
        Map<String, String> ids = Map.of("enterpriseId", enterprise, "accountId", ownerMember.accountId(),
                "departmentId", department, "invitationId", invitation, "meetingId", meetingId,
                "recordingId", recording,
                // The owner's rights request (a person's own; operators' paths need a staff token)
                "id", app.post("/api/v1/privacy/requests", ownerMember.token(), Map.of("kind", "CORRECTION",
                        "details", "部门名称有误")).expect(201).get("id").asText());
        String before = snapshot(ownerAdmin, ownerMember, enterprise, meetingId);

        // An admin of another enterprise (rights of their own to try with) and a person with no enterprise
        Person adminElsewhere = app.registerAdult("甲公司管理员");
        tenants.enterprise(adminElsewhere, "甲公司");
        Person nobody = app.registerAdult("路人");

        JsonNode paths = app.get("/api/openapi", null).expect(200).get("paths");
        List<String> tried = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().contains("{") || path.getKey().contains(CAPABILITY)) {
                continue;
            }
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)
                        || PUBLIC_BY_DESIGN.contains(method + " " + path.getKey())) {
                    continue;
                }
                String concrete = fill(path.getKey(), ids);
                for (Person stranger : List.of(adminElsewhere, nobody)) {
                    boolean csv = path.getValue().path(method.toLowerCase()).path("requestBody").path("content").has("text/csv");
                    Answer answer = csv ? app.send(app.request(concrete, stranger.token()).header("Content-Type", "text/csv")
                            .method(method, HttpRequest.BodyPublishers.ofString("phone,name\n" + Client.newPhone() + ",x\n")).build())
                            : call(method, concrete, stranger.token(), department);
                    assertTrue(answer.status() == 403 || answer.status() == 404,
                            () -> method + " " + path.getKey() + " as a stranger answered " + answer.status() + ": "
                                    + answer.body());
                    answer.expectProblem(answer.status());
                }
                tried.add(method + " " + path.getKey());
            }
        }
        assertTrue(tried.size() >= 20, "too few object operations found in /api/openapi: " + tried);
        assertTrue(tried.contains("POST /api/v1/meetings/{meetingId}/end"), tried.toString());
        assertTrue(tried.contains("DELETE /api/v1/enterprises/{enterpriseId}/members/{accountId}"), tried.toString());

        assertEquals(before, snapshot(ownerAdmin, ownerMember, enterprise, meetingId),
                "a stranger's calls changed the owner's data");
    }

    @Test
    void anotherPersonsSessionsAndProfileCannotBeNamed() {
        Person owner = app.registerAdult("会话主人");
        Person stranger = app.registerAdult("他人");
        String ownersProfile = app.get("/api/v1/accounts/me", owner.token()).expect(200).toString();
        // The account's own endpoints take no id: an id in the path or the query is not a way to another's
        app.get("/api/v1/accounts/" + owner.accountId(), stranger.token()).expectProblem(404);
        app.patch("/api/v1/accounts/" + owner.accountId(), stranger.token(), Map.of("displayName", "改名"))
                .expectProblem(404);
        app.get("/api/v1/accounts/me?accountId=" + owner.accountId(), stranger.token()).expect(200);
        app.patch("/api/v1/accounts/me", stranger.token(), Map.of("displayName", "他人", "accountId", owner.accountId(),
                "id", owner.accountId())).expect(200);
        // Logging out "all sessions" ends the stranger's, not the owner's
        app.post("/api/v1/accounts/logout", stranger.token(), Map.of("allSessions", true, "accountId",
                owner.accountId()));
        assertEquals(ownersProfile, app.get("/api/v1/accounts/me", owner.token()).expect(200).toString());
        owner.refresh(app);
        String history = app.get("/api/v1/meetings/history/export?from=" + LocalDate.now().minusDays(1) + "&to="
                + LocalDate.now().plusDays(1) + "&accountId=" + owner.accountId(), owner.token()).body();
        assertFalse(history.contains(stranger.accountId()), history);
    }

    /** What the owners see of their things: members, departments, invitations, admins, the meeting, attendance. */
    private String snapshot(Person admin, Person member, String enterprise, String meetingId) {
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/api/v1/enterprises/" + enterprise, "/api/v1/enterprises/" + enterprise + "/members",
                "/api/v1/enterprises/" + enterprise + "/departments", "/api/v1/enterprises/" + enterprise + "/invitations",
                "/api/v1/enterprises/" + enterprise + "/admins")) {
            all.append(path).append(' ').append(stripVolatile(app.get(path, admin.token()).expect(200))).append('\n');
        }
        JsonNode meeting = app.get("/api/v1/meetings/" + meetingId, member.token()).expect(200);
        all.append(meeting.get("topic")).append(meeting.get("status")).append('\n');
        JsonNode attendance = app.get("/api/v1/meetings/" + meetingId + "/attendance", member.token()).expect(200);
        all.append(attendance.size()).append('\n');
        JsonNode recording = app.get("/api/v1/recordings/meetings/" + meetingId + "/state", member.token()).expect(200);
        all.append(recording.path("recording").path("status")).append(recording.path("myNotice").path("answer"))
                .append('\n');
        return all.toString();
    }

    /** The host's local recording of their meeting, once recording-service's read model knows the meeting. */
    private String recordingOf(Person host, String meetingId) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (true) {
            Answer started = app.post("/api/v1/recordings/meetings/" + meetingId, host.token(), Map.of("kind", "LOCAL"));
            if (started.status() == 201) {
                return started.expect(201).get("recordingId").asText();
            }
            if (started.status() != 404 || System.nanoTime() > deadline) {
                throw new AssertionError("the host could not record their meeting: " + started.status() + " "
                        + started.body());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Invitations carry an "expired" flag and times computed now; the rest must be equal. */
    private static String stripVolatile(JsonNode node) {
        return node.toString().replaceAll("\"(expiresInSeconds|now)\":[^,}]*", "");
    }

    private static String fill(String template, Map<String, String> ids) {
        Matcher parameter = PARAMETER.matcher(template);
        StringBuilder concrete = new StringBuilder();
        while (parameter.find()) {
            String id = ids.get(parameter.group(1));
            if (id == null) {
                throw new AssertionError("a path parameter this test does not know: " + template
                        + " — give it the owner's real id of that kind");
            }
            parameter.appendReplacement(concrete, id);
        }
        return parameter.appendTail(concrete).toString();
    }

    /** A body good enough to pass validation, so that what refuses is the authorisation, not the shape. */
    private Answer call(String method, String path, String token, String department) {
        // A body every operation accepts, so that only the object decides the answer (the code is a proof's)
        Map<String, Object> body = Map.ofEntries(Map.entry("name", "改名"), Map.entry("topic", "改掉"),
                Map.entry("departmentId", department), Map.entry("phone", Client.newPhone()),
                Map.entry("kind", "INSTANT"), Map.entry("issuer", "https://sso.example.com"),
                Map.entry("clientId", "x"), Map.entry("clientSecret", "y"),
                Map.entry("verifiedDomains", List.of("example.com")), Map.entry("code", "123456"));
        return switch (method) {
            case "GET" -> app.get(path + (path.endsWith("/export") ? "?from=" + LocalDate.now() + "&to=" + LocalDate.now() : ""),
                    token);
            case "DELETE" -> app.delete(path, token);
            default -> app.send(app.request(path, token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json(body))).build());
        };
    }

    private static String json(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
