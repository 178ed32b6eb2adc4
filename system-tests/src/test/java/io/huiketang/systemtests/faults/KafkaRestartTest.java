package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * The Kafka broker is stopped and started again while people join a meeting: joins go on being
 * acknowledged (the events wait in the outbox), and once the broker is back the outbox catches up,
 * nothing lost.
 */
class KafkaRestartTest {

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void theOutboxCatchesUpAfterTheBrokerComesBack() throws Exception {
        Stack.assumeOurs("kafka");
        Person host = app.registerAdult("主持人");
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            people.add(app.registerAdult("参会者" + i));
        }
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "消息中断演练", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();

        JoinStream joins = new JoinStream(app, people, meeting.get("number").asText(), 4);
        try (joins) {
            ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= 30, "30 joins before the restart");
            Stack.down("kafka");
            int whileDown = joins.acknowledged().size();
            ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= whileDown + 30,
                    "30 joins while the broker is down");
            Stack.up("kafka");
            int afterRestart = joins.acknowledged().size();
            ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= afterRestart + 30,
                    "30 joins after the broker is back");
        }
        Set<String> acknowledged = joins.acknowledged();
        System.out.println("acknowledged joins: " + acknowledged.size() + ", refused: " + joins.failures());
        assertEquals(Map.of(), joins.failures(), "a broker outage refuses no join");

        JoinEvidence.assertInAttendance(app, host, id, acknowledged);
        // Read from the topic's beginning of this test: a reader opened before the outage would have lost its connection
        try (TopicReader events = TopicReader.since("meeting.events", java.time.Instant.now().minus(Duration.ofMinutes(10)))) {
            JoinEvidence.assertPublishedOnce(events, id, acknowledged, Duration.ofSeconds(120));
        }
    }
}
