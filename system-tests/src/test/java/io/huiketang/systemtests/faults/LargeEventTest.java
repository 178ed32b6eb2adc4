package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * A 2 MB event attempted by what a real client can do: a person who sent thousands of crash reports
 * asks for a copy of their data, and meeting-service's answer (the export slice) is larger than
 * Kafka takes. The row is parked (table {@code outbox_parked}, gauge {@code huiketang_outbox_parked})
 * and blocks nothing: the joins after it are published and the outbox drains.
 *
 * <p>Tagged {@code needs-kit-reliability} (excluded by default, {@code -Dfaults.excluded=none} runs
 * it): it needs platform-kit's parking relay (branch kit-reliability).
 */
@Tag("needs-kit-reliability")
class LargeEventTest {

    private static final int REPORTS = 3600;
    private static final int PER_BATCH = 80;

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void anEventTooLargeForKafkaIsParkedAndBlocksNothing() throws Exception {
        Person person = app.registerAdult("崩溃报告者");
        String message = "x".repeat(500);
        for (int sent = 0; sent < REPORTS; sent += PER_BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < PER_BATCH; i++) {
                batch.add(Map.of("kind", "CRASH", "occurredAt", Instant.now().minusSeconds(60).toString(),
                        "appVersion", "3.2.1", "signature", String.format("%016x", sent + i), "message", message));
            }
            app.post("/api/v1/meetings/telemetry", person.token(), Map.of("reports", batch)).expect(202);
        }
        long parkedBefore = Outboxes.count("meeting", "SELECT count(*) FROM outbox_parked");

        Person host = app.registerAdult("主持人");
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "大事件之后", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();
        Instant testStart = Instant.now().minusSeconds(5);
        try (PrivacyRequestProbe privacy = new PrivacyRequestProbe()) {
            privacy.open(person.accountId(), Kind.ACCESS);
            // Joins written after the large answer, in the same outbox
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                people.add(app.registerAdult("参会者" + i));
            }
            JoinStream joins = new JoinStream(app, people, meeting.get("number").asText(), 2);
            try (joins) {
                ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= 20, "20 joins after the large event");
            }
            Outboxes.awaitDrained("meeting", Duration.ofMinutes(1));
            assertEquals(parkedBefore + 1, Outboxes.count("meeting", "SELECT count(*) FROM outbox_parked"),
                    "the answer too large for Kafka is parked");
            assertTrue(Outboxes.metric(platform.service("meeting-service"), "huiketang_outbox_parked") >= 1,
                    "the parked row shows in the metric an alert watches");
            try (TopicReader events = TopicReader.since("meeting.events", testStart)) {
                Set<String> acknowledged = joins.acknowledged();
                JoinEvidence.assertPublishedOnce(events, id, acknowledged, Duration.ofSeconds(60));
                JoinEvidence.assertOrderKept(events, id, joins.sessionsByPerson());
            }
        }
    }
}
