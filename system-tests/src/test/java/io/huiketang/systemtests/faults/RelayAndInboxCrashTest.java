package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * A service killed with SIGKILL in the middle of work that spans a transaction and Kafka: the relay
 * draining a backlog (built by stopping the broker), and the inbox applying erasure requests. After
 * the restart nothing is lost, nothing is applied twice, each meeting's order is kept and the relay
 * drains.
 */
class RelayAndInboxCrashTest {

    private static final Set<String> DATA_HOLDERS = Set.of("account-service", "meeting-service");

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void aServiceKilledWhileTheRelayDrainsABacklogLosesAndDoublesNothing() throws Exception {
        Stack.assumeOurs("kafka");
        Person host = app.registerAdult("主持人");
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            people.add(app.registerAdult("参会者" + i));
        }
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "中继中断", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();
        Instant testStart = Instant.now().minusSeconds(5);

        Stack.down("kafka");
        JoinStream joins = new JoinStream(app, people, meeting.get("number").asText(), 4);
        long backlog;
        try (joins) {
            ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= 300, "a backlog of 300 joins");
        } finally {
            backlog = Outboxes.waiting("meeting");
            Stack.up("kafka");
        }
        // Killed as soon as the relay has published part of the backlog, not all of it
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long waiting = backlog;
        while ((waiting = Outboxes.waiting("meeting")) >= backlog && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        platform.killAndRestart("meeting-service");
        FaultFigures.record("Relay crash: outbox backlog before the broker was back", backlog);
        FaultFigures.record("Relay crash: rows still waiting when meeting-service was killed", waiting);
        long drainMillis = Outboxes.awaitDrained("meeting", Duration.ofMinutes(2));
        FaultFigures.record("Relay crash: outbox drained after the restart, ms", drainMillis);

        Set<String> acknowledged = joins.acknowledged();
        assertEquals(Map.of(), joins.failures(), "a broker outage refuses no join");
        JoinEvidence.assertInAttendance(app, host, id, acknowledged);
        try (TopicReader events = TopicReader.since("meeting.events", testStart)) {
            int redelivered = JoinEvidence.assertPublishedOnce(events, id, acknowledged, Duration.ofSeconds(120));
            FaultFigures.record("Relay crash: participant-joined records delivered again (same event id)", redelivered);
            JoinEvidence.assertOrderKept(events, id, joins.sessionsByPerson());
        }
    }

    @Test
    void aDataHolderKilledWhileItAppliesErasureRequestsAnswersEachOnce() throws Exception {
        for (String killed : List.of("meeting-service", "account-service")) {
            List<String> requests = new ArrayList<>();
            try (PrivacyRequestProbe privacy = new PrivacyRequestProbe()) {
                for (int i = 0; i < 10; i++) {
                    Person person = app.registerAdult("删除者" + i);
                    // Data in meeting-service too: a meeting of the person's own
                    app.post("/api/v1/meetings", person.token(), Map.of("topic", "将被删除", "kind", "INSTANT")).expect(201);
                    requests.add(privacy.open(person.accountId(), Kind.ERASURE));
                }
                platform.killAndRestart(killed);
                int redelivered = privacy.assertAnsweredOnce(requests, DATA_HOLDERS, Duration.ofMinutes(2));
                FaultFigures.record("Inbox crash (" + killed + " killed amid 10 erasures): answers delivered again "
                        + "(same event id)", redelivered);
            }
            Outboxes.awaitDrained("meeting", Duration.ofMinutes(1));
            Outboxes.awaitDrained("account", Duration.ofMinutes(1));
        }
    }
}
