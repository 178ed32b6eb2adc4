package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * meeting-service is killed with SIGKILL in the middle of a stream of joins through the gateway and
 * started again: every join it acknowledged is in the attendance and in the events, none twice.
 */
class ServiceCrashTest {

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void aKilledMeetingServiceLosesNoAcknowledgedJoin() throws Exception {
        Person host = app.registerAdult("主持人");
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            people.add(app.registerAdult("参会者" + i));
        }
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "故障演练", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();

        try (TopicReader events = TopicReader.fromNow("meeting.events")) {
            JoinStream joins = new JoinStream(app, people, meeting.get("number").asText(), 4);
            Set<String> acknowledged;
            try (joins) {
                awaitAtLeast(() -> joins.acknowledged().size() >= 50, "50 joins before the crash");
                long killedAt = System.nanoTime();
                platform.killAndRestart("meeting-service");
                int beforeRestart = joins.acknowledged().size();
                System.out.printf("meeting-service killed and ready again after %d ms%n",
                        (System.nanoTime() - killedAt) / 1_000_000);
                awaitAtLeast(() -> joins.acknowledged().size() >= beforeRestart + 50, "50 joins after the restart");
            }
            acknowledged = joins.acknowledged();
            System.out.println("acknowledged joins: " + acknowledged.size() + ", refused or unanswered: "
                    + joins.failures());
            assertTrue(joins.failures().keySet().stream().noneMatch(status -> status.startsWith("500")),
                    "the gateway answers a dead upstream with 503, never 500: " + joins.failures());

            JoinEvidence.assertInAttendance(app, host, id, acknowledged);
            int redelivered = JoinEvidence.assertPublishedOnce(events, id, acknowledged, Duration.ofSeconds(60));
            System.out.println("participant-joined records delivered again after the crash (same event id): "
                    + redelivered);
        }
    }

    static void awaitAtLeast(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 90 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
