package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.SmsOutbox;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/** Journey 5: a child's account cannot meet until a guardian consents with their own mobile code. */
class MinorJourneyTest {

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void aChildJoinsOnlyAfterTheGuardianConsents() {
        Person host = app.registerAdult("老师");
        String number = app.post("/api/v1/meetings", host.token(), Map.of("topic", "网课", "kind", "INSTANT"))
                .expect(201).get("number").asText();
        Person child = app.register("小明", "CHILD");
        assertEquals("PENDING_GUARDIAN_CONSENT", app.get("/api/v1/accounts/me", child.token()).expect(200)
                .get("status").asText());

        app.post("/api/v1/meetings/join", child.token(), Map.of("number", number)).expectProblem(403);
        app.post("/api/v1/meetings", child.token(), Map.of("topic", "我的会议", "kind", "INSTANT")).expectProblem(403);

        String guardian = Client.newPhone();
        app.post("/api/v1/accounts/me/guardian-consent/codes", child.token(), Map.of("guardianPhone", guardian))
                .expect(202);
        String code = code(guardian);
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        app.post("/api/v1/accounts/me/guardian-consent", child.token(), Map.of("guardianPhone", guardian,
                "code", wrong)).expectProblem(400);
        app.post("/api/v1/meetings/join", child.token(), Map.of("number", number)).expectProblem(403);
        child.take(app.post("/api/v1/accounts/me/guardian-consent", child.token(),
                Map.of("guardianPhone", guardian, "code", code)).expect(200));

        assertEquals("ACTIVE", app.get("/api/v1/accounts/me", child.token()).expect(200).get("status").asText());
        app.post("/api/v1/meetings/join", child.token(), Map.of("number", number)).expect(200);
    }

    private String code(String phone) {
        return SmsOutbox.lastCodeSentTo(platform.smsOutbox(), phone);
    }
}
