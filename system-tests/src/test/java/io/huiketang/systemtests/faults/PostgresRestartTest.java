package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
 * PostgreSQL stopped and started again by dev/stack amid a stream of joins: while it is down joins
 * fail as 503 problems (never a 500, never a join half written), after it is back they succeed, and
 * every acknowledged join is in the attendance and published once, in order.
 * Before platform-kit's ProblemMappers knew a database out of reach (DatabaseFailures), such joins
 * answered 500.
 */
class PostgresRestartTest {

    private static final Duration DOWN = Duration.parse(System.getProperty("huiketang.faults.postgres-outage", "PT10S"));

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void joinsFailCleanlyWhileTheDatabaseIsDownAndNothingIsLostOrDoubled() throws Exception {
        Stack.assumeOurs("postgres");
        Person host = app.registerAdult("主持人");
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            people.add(app.registerAdult("参会者" + i));
        }
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "数据库重启", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();
        Instant testStart = Instant.now().minusSeconds(5);

        JoinStream joins = new JoinStream(app, people, meeting.get("number").asText(), 4);
        long recoveryMillis;
        try (joins) {
            ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= 30, "30 joins before the restart");
            Stack.down("postgres");
            int failedWhileDown;
            try {
                Thread.sleep(DOWN.toMillis());
                failedWhileDown = joins.failures().values().stream().mapToInt(Integer::intValue).sum();
            } finally {
                Stack.up("postgres");
            }
            assertTrue(failedWhileDown > 0, "joins fail while the database is down");
            int atRestart = joins.acknowledged().size();
            long upAt = System.nanoTime();
            ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() > atRestart, "a join after the restart");
            recoveryMillis = (System.nanoTime() - upAt) / 1_000_000;
            ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= atRestart + 30,
                    "30 joins after the restart");
        }
        Set<String> acknowledged = joins.acknowledged();
        Map<String, Integer> failures = joins.failures();
        System.out.println("acknowledged joins: " + acknowledged.size() + ", refused: " + failures);
        FaultFigures.record("PostgreSQL restart: down for", DOWN);
        FaultFigures.record("PostgreSQL restart: joins refused while down (by status)", failures);
        FaultFigures.record("PostgreSQL restart: first acknowledged join after it was back, ms", recoveryMillis);
        assertTrue(failures.keySet().stream().allMatch("503"::equals),
                "while the database is down a join is a 503 problem, nothing else: " + failures);

        JoinEvidence.assertInAttendance(app, host, id, acknowledged);
        // Never half written: a join that was not acknowledged left no session behind
        JsonNode attendance = app.get("/api/v1/meetings/" + id + "/attendance", host.token()).expect(200);
        Set<String> unacknowledged = new HashSet<>(attendance.get("participants").findValuesAsText("sessionId"));
        unacknowledged.removeAll(acknowledged);
        assertTrue(unacknowledged.isEmpty(), "sessions of joins that were refused: " + unacknowledged);

        Outboxes.awaitDrained("meeting", Duration.ofMinutes(1));
        try (TopicReader events = TopicReader.since("meeting.events", testStart)) {
            JoinEvidence.assertPublishedOnce(events, id, acknowledged, Duration.ofSeconds(60));
            JoinEvidence.assertOrderKept(events, id, joins.sessionsByPerson());
        }
    }
}
