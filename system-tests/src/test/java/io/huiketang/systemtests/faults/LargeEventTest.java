package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * A 2 MB event attempted by what a real client can do: a person who sent thousands of crash reports
 * asks for a copy of their data, and meeting-service's answer (the export slice) is larger than
 * Kafka takes. The outbox refuses it when it is written ({@code huiketang.outbox.max-event-bytes}),
 * so it never reaches the relay: the request is dead-lettered on {@code meeting.dlt} with the reason,
 * and the joins written after it are published in order and the outbox drains. (Rows Kafka itself
 * refuses are parked by the relay: platform-kit's OutboxTest proves that against the broker.) Export
 * slices by claim-check in the S3 store come with privacy-service (issue 13).
 */
class LargeEventTest {

    private static final int REPORTS = 3600;
    private static final int PER_BATCH = 80;

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void anEventTooLargeForKafkaIsRefusedWhenWrittenAndBlocksNothing() throws Exception {
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
        try (PrivacyRequestProbe privacy = new PrivacyRequestProbe();
                TopicReader deadLetters = TopicReader.since("meeting.dlt", testStart)) {
            privacy.open(person.accountId(), Kind.ACCESS);
            // Joins written after the large answer was attempted, in the same outbox
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                people.add(app.registerAdult("参会者" + i));
            }
            JoinStream joins = new JoinStream(app, people, meeting.get("number").asText(), 2);
            try (joins) {
                ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= 20, "20 joins after the large event");
            }
            List<ConsumerRecord<String, byte[]>> dead = deadLetters.readUntil(rs -> rs.stream()
                    .anyMatch(r -> reason(r).contains("EventTooLargeException")), Duration.ofSeconds(60));
            assertTrue(dead.stream().anyMatch(r -> reason(r).contains("EventTooLargeException")),
                    "the request whose answer is too large is dead-lettered with the reason");
            Outboxes.awaitDrained("meeting", Duration.ofMinutes(1));
            try (TopicReader events = TopicReader.since("meeting.events", testStart)) {
                Set<String> acknowledged = joins.acknowledged();
                JoinEvidence.assertPublishedOnce(events, id, acknowledged, Duration.ofSeconds(60));
                JoinEvidence.assertOrderKept(events, id, joins.sessionsByPerson());
            }
        }
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader("dlt-reason");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
