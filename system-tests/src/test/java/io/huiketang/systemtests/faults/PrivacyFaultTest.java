package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.SmsOutbox;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Rights requests survive their orchestrator's crash and a data holder's absence (issue 13, item 5):
 * meeting-service is stopped for a minute while requests are opened, privacy-service is killed with SIGKILL in
 * the middle of their fan-out and started again; every request still completes, and no holder's answer is
 * applied twice.
 */
class PrivacyFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(150);
    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void everyRequestCompletesThroughAKilledOrchestratorAndAHolderAwayForAMinute() throws Exception {
        List<Person> askers = new ArrayList<>();
        List<Person> leavers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            askers.add(withMeeting(app.registerAdult("查阅者" + i)));
            leavers.add(withMeeting(app.registerAdult("注销者" + i)));
        }

        platform.kill("meeting-service");
        Instant stopped = Instant.now();
        List<String> accessIds = new ArrayList<>();
        List<String> erasureIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accessIds.add(app.post("/api/v1/privacy/requests", askers.get(i).token(), Map.of("kind", "ACCESS"))
                    .expect(201).get("id").asText());
            Person leaver = leavers.get(i);
            app.post("/api/v1/accounts/me/cancellation/codes", leaver.token(), Map.of()).expect(202);
            String code = SmsOutbox.lastCodeSentTo(platform.smsOutbox(), leaver.phone());
            erasureIds.add(app.post("/api/v1/accounts/me/cancellation", leaver.token(), Map.of("code", code))
                    .expect(202).get("erasureRequestId").asText());
        }
        // In the middle of the fan-out: the erasures are being opened from account.events, answers arriving
        platform.killAndRestart("privacy-service");

        Thread.sleep(Math.max(0, Duration.ofMinutes(1).minus(Duration.between(stopped, Instant.now())).toMillis()));
        platform.start("meeting-service");

        Instant deadline = Instant.now().plus(WAIT);
        for (int i = 0; i < 3; i++) {
            String path = "/api/v1/privacy/requests/" + accessIds.get(i);
            Person asker = askers.get(i);
            while (!"COMPLETED".equals(app.get(path, asker.token()).expect(200).get("status").asText())) {
                assertTrue(Instant.now().isBefore(deadline), "access request " + accessIds.get(i) + " completes");
                Thread.sleep(500);
            }
        }
        for (String erasure : erasureIds) {
            while (true) {
                Answer receipt = app.get("/api/v1/privacy/receipts/" + erasure, null);
                if (receipt.status() == 200) {
                    break;
                }
                assertTrue(Instant.now().isBefore(deadline), "erasure " + erasure + " is receipted; last "
                        + receipt.status());
                Thread.sleep(500);
            }
        }

        try (Connection privacy = Platform.connect("privacy")) {
            List<String> all = new ArrayList<>(accessIds);
            all.addAll(erasureIds);
            for (String id : all) {
                // Each holder's answer to each stage applied exactly once, whatever was redelivered or repeated;
                // once more for each round in which its re-check still found data and it was asked to erase again
                // (an event about the person still in flight, e.g. from the meeting-service that was away)
                try (PreparedStatement select = privacy.prepareStatement("""
                        SELECT t.service, t.stage, t.state, t.attempts,
                               (SELECT count(*) FROM request_step s WHERE s.request_id = t.request_id
                                  AND s.actor = t.service AND s.action = 'answered' AND s.detail = t.stage),
                               CASE WHEN t.stage = 'ACCESS' THEN 0 ELSE
                               (SELECT count(*) FROM request_step f WHERE f.request_id = t.request_id
                                  AND f.action = 'erasure-check-failed' AND position(t.service || ':' in f.detail) > 0) END
                        FROM holder_task t WHERE t.request_id = ?::uuid""")) {
                    select.setString(1, id);
                    int tasks = 0;
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            tasks++;
                            String task = id + " " + rs.getString(1) + " " + rs.getString(2);
                            assertEquals("ANSWERED", rs.getString(3), task);
                            assertEquals(1 + rs.getLong(6), rs.getLong(5), task + " answered once (per erasure round)");
                            if ("meeting-service".equals(rs.getString(1))) {
                                System.out.printf("%s asked %d times%n", task, rs.getInt(4));
                            }
                        }
                    }
                    assertTrue(tasks >= 3, id + " has a task per holder");
                }
            }
        }
    }

    private Person withMeeting(Person person) {
        JsonNode meeting = app.post("/api/v1/meetings", person.token(),
                Map.of("topic", "故障演练", "kind", "INSTANT", "passcode", "112233")).expect(201);
        app.post("/api/v1/meetings/join", person.token(),
                Map.of("number", meeting.get("number").asText(), "passcode", "112233")).expect(200);
        app.post("/api/v1/meetings/" + meeting.get("id").asText() + "/leave", person.token(), Map.of()).expect(204);
        return person;
    }
}
