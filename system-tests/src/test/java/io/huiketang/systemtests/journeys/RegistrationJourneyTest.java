package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Platform;

/** Journey 1: a person registers with a mobile code, refreshes the tokens and logs out. */
class RegistrationJourneyTest {

    private final Client app = Platform.get().client();

    @Test
    void registerRefreshAndLogOutAfterWhichTheOldAccessTokenIsRefused() {
        String phone = Client.newPhone();
        JsonNode registered = app.post("/api/v1/accounts/registrations", null, Map.of("phone", phone,
                "code", app.codeFor(phone), "displayName", "李雷", "policyVersion", Client.POLICY,
                "ageBracket", "ADULT")).expect(201);
        assertEquals("ACTIVE", registered.get("status").asText());
        String access = registered.get("tokens").get("accessToken").asText();
        JsonNode me = app.get("/api/v1/accounts/me", access).expect(200);
        assertEquals(registered.get("accountId").asText(), me.get("id").asText());
        assertEquals("李雷", me.get("displayName").asText());

        String spent = registered.get("tokens").get("refreshToken").asText();
        JsonNode refreshed = app.post("/api/v1/accounts/tokens/refresh", null, Map.of("refreshToken", spent)).expect(200);
        String newAccess = refreshed.get("accessToken").asText();
        assertNotEquals(access, newAccess);
        app.get("/api/v1/accounts/me", newAccess).expect(200);

        app.post("/api/v1/accounts/logout", newAccess, Map.of()).expect(204);
        // Refused at once, at the gateway and behind it: the revocation is in Redis before logout answers
        app.get("/api/v1/accounts/me", newAccess).expectProblem(401);
        app.get("/api/v1/meetings/history?from=2026-01-01&to=2026-12-31", newAccess).expectProblem(401);
        // and neither refresh token of the session buys new tokens
        app.post("/api/v1/accounts/tokens/refresh", null, Map.of("refreshToken", spent)).expectProblem(401);
        app.post("/api/v1/accounts/tokens/refresh", null,
                Map.of("refreshToken", refreshed.get("refreshToken").asText())).expectProblem(401);
    }

    @Test
    void aWrongCodeIsAProblemNamingTheFieldAndCreatesNoAccount() {
        String phone = Client.newPhone();
        String code = app.codeFor(phone);
        JsonNode problem = app.post("/api/v1/accounts/registrations", null, Map.of("phone", phone, "code", "12345x",
                "displayName", "李雷", "policyVersion", Client.POLICY, "ageBracket", "ADULT")).expectProblem(400);
        assertEquals("code", problem.at("/errors/0/field").asText(), problem.toString());
        app.post("/api/v1/accounts/logins", null, Map.of("phone", phone, "code", code)).expectProblem(404);
    }
}
