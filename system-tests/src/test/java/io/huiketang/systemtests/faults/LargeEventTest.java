package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.claimcheck.Claim;
import io.huiketang.kit.claimcheck.ClaimChecks;

import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * A 2 MB event attempted by what a real client can do: a person who sent thousands of crash reports
 * asks for a copy of their data, and meeting-service's answer (the export slice) is larger than
 * Kafka takes. The slice goes by claim-check: stored in the S3 store, the answer carries its key,
 * size and SHA-256, and what the store holds is exactly the slice; the joins written after it are
 * published in order and the outbox drains. (An event over the outbox's limit is refused when it is
 * written, and rows Kafka itself refuses are parked by the relay: platform-kit's OutboxTest proves
 * both against the broker.)
 */
class LargeEventTest {

    private static final int REPORTS = 3600;
    private static final int PER_BATCH = 80;

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void anAnswerTooLargeForKafkaGoesByClaimCheckAndBlocksNothing() throws Exception {
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

        Person host = app.registerAdult("主持人");
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "大事件之后", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();
        Instant testStart = Instant.now().minusSeconds(5);
        try (PrivacyRequestProbe privacy = new PrivacyRequestProbe()) {
            String requestId = privacy.open(person.accountId(), Kind.ACCESS);
            // Joins written after the large answer was attempted, in the same outbox
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                people.add(app.registerAdult("参会者" + i));
            }
            JoinStream joins = new JoinStream(app, people, meeting.get("number").asText(), 2);
            try (joins) {
                ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= 20, "20 joins after the large event");
            }
            JsonNode answer = privacy.answerOf(requestId, "meeting-service", Duration.ofSeconds(60)).data();
            JsonNode claimed = answer.get("exportClaim");
            assertTrue(claimed != null && claimed.isObject(), "the slice goes by claim-check: " + answer);
            Claim claim = new Claim(claimed.get("objectKey").asText(), claimed.get("size").asLong(),
                    claimed.get("sha256").asText());
            assertTrue(claim.size() > 1_048_576, "the slice is larger than a Kafka record: " + claim.size());
            ClaimChecks store = StackClaimChecks.create();
            JsonNode slice = new ObjectMapper().readTree(store.fetch(claim)); // size and SHA-256 verified
            assertEquals(REPORTS, slice.findValues("crashSignature").size(), "every crash report is in the slice");
            store.delete(claim.objectKey());
            Outboxes.awaitDrained("meeting", Duration.ofMinutes(1));
            try (TopicReader events = TopicReader.since("meeting.events", testStart)) {
                Set<String> acknowledged = joins.acknowledged();
                JoinEvidence.assertPublishedOnce(events, id, acknowledged, Duration.ofSeconds(60));
                JoinEvidence.assertOrderKept(events, id, joins.sessionsByPerson());
            }
        }
    }
}
