package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * The Kafka broker stopped for a long outage (two minutes; {@code -Dhuiketang.faults.kafka-outage=PT20S}
 * shortens it) while people join a meeting and its creator downloads the history CSV over and over:
 * no join is refused, every export completes, and once the broker is back the outbox drains every
 * lane, every acknowledged join published once, in order.
 */
class KafkaOutageTest {

    private static final Duration OUTAGE = Duration.parse(System.getProperty("huiketang.faults.kafka-outage", "PT2M"));

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void joinsAndExportsGoOnAndTheOutboxDrainsInOrder() throws Exception {
        Stack.assumeOurs("kafka");
        Person host = app.registerAdult("主持人");
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            people.add(app.registerAdult("参会者" + i));
        }
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "长时间消息中断", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();
        Instant testStart = Instant.now().minusSeconds(5);

        JoinStream joins = new JoinStream(app, people, meeting.get("number").asText(), 4);
        int exports;
        int duringOutage;
        try (joins) {
            ServiceCrashTest.awaitAtLeast(() -> joins.acknowledged().size() >= 20, "20 joins before the outage");
            Stack.down("kafka");
            try {
                int atStop = joins.acknowledged().size();
                exports = downloadExportsFor(host, id, OUTAGE);
                duringOutage = joins.acknowledged().size() - atStop;
                assertTrue(Outboxes.waiting("meeting") > 0, "the joins of the outage wait in the outbox");
            } finally {
                Stack.up("kafka");
            }
        }
        long drainMillis = Outboxes.awaitDrained("meeting", Duration.ofMinutes(3));
        Set<String> acknowledged = joins.acknowledged();
        System.out.println("acknowledged joins: " + acknowledged.size() + ", refused: " + joins.failures());
        assertEquals(Map.of(), joins.failures(), "a broker outage refuses no join");
        FaultFigures.record("Kafka outage: length", OUTAGE);
        FaultFigures.record("Kafka outage: joins acknowledged during it", duringOutage);
        FaultFigures.record("Kafka outage: history exports completed during it", exports);
        FaultFigures.record("Kafka outage: outbox drained after the broker was back, ms", drainMillis);
        // The relay reads the gauge at most every five seconds
        double oldest = Double.MAX_VALUE;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); oldest > 0
                && System.nanoTime() < deadline; Thread.sleep(200)) {
            oldest = Outboxes.metric(platform.service("meeting-service"), "huiketang_outbox_oldest_unpublished_age_seconds");
        }
        assertTrue(oldest <= 0, "the outbox age metric is back to 0 (or absent: -1), was " + oldest);

        JoinEvidence.assertInAttendance(app, host, id, acknowledged);
        try (TopicReader events = TopicReader.since("meeting.events", testStart)) {
            JoinEvidence.assertPublishedOnce(events, id, acknowledged, Duration.ofSeconds(120));
            JoinEvidence.assertOrderKept(events, id, joins.sessionsByPerson());
        }
    }

    /**
     * The creator downloads the meeting history as CSV, one download after another, for as long as
     * the outage lasts; each one must complete and hold the meeting.
     */
    private int downloadExportsFor(Person host, String meetingId, Duration outage) throws Exception {
        long end = System.nanoTime() + outage.toNanos();
        int done = 0;
        while (System.nanoTime() < end) {
            CompletableFuture<Answer> export = CompletableFuture
                    .supplyAsync(() -> app.get("/api/v1/meetings/history/export", host.token()));
            Answer csv = export.get(60, TimeUnit.SECONDS);
            assertEquals(200, csv.status(), "export during the outage: " + csv.body());
            assertTrue(csv.body().contains(meetingId), "the export holds the meeting");
            done++;
            Thread.sleep(1000);
        }
        return done;
    }
}
