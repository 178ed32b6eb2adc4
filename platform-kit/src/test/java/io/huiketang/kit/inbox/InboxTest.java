package io.huiketang.kit.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.EventLoopsHealthCheck;
import io.huiketang.kit.persistence.DatabaseFailures;
import io.huiketang.kit.support.KitTopics;
import io.huiketang.kit.support.Ledger;
import io.huiketang.kit.support.LedgerHandler;
import io.huiketang.kit.support.RawEvents;
import io.huiketang.kit.support.Thing;
import io.huiketang.kit.support.ThingWitness;
import io.huiketang.kit.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The inbox consumer of the running application, fed with records sent straight to the real broker. */
@QuarkusTest
@QuarkusTestResource(KitTopics.class)
class InboxTest {

    private static final String SOURCE = "/huiketang/inbox-test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    InboxConsumer consumer;

    @Inject
    MeterRegistry registry;

    @Inject
    @Readiness
    EventLoopsHealthCheck readiness;

    @Test
    void eventDeliveredTwiceIsAppliedOnce() {
        String key = "thing-" + UUID.randomUUID();
        UUID twice = UUID.randomUUID();
        byte[] event = RawEvents.cloudEvent(twice, SOURCE, Thing.TYPE, key, new Thing(key, 1, "s-1", false));
        try (RawEvents kafka = new RawEvents()) {
            kafka.send(Thing.TOPIC, key, event);
            kafka.send(Thing.TOPIC, key, event);
            String marker = sendMarker(kafka, key, 2);

            awaitApplied(marker);
        }
        assertEquals(1, ledgerRows(twice.toString()));
        assertEquals(1, Ledger.count(dataSource, "SELECT count(*) FROM inbox_event WHERE source = ? AND id = ?",
                SOURCE, twice.toString()));
        assertEquals(1, LedgerHandler.ATTEMPTS.get(twice.toString()).get(), "the repeat never reached the handler");
    }

    @Test
    void twoHandlersOfOneTopicEachGetEveryEventOnceAndIgnoreTheOthersTypes() {
        String key = "thing-" + UUID.randomUUID();
        UUID thing = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        byte[] event = RawEvents.cloudEvent(thing, SOURCE, Thing.TYPE, key, new Thing(key, 1, "s-1", false));
        try (RawEvents kafka = new RawEvents()) {
            kafka.send(Thing.TOPIC, key, event);
            kafka.send(Thing.TOPIC, key, event);
            // A type only the second handler cares about; LedgerHandler ignores it
            kafka.send(Thing.TOPIC, key, RawEvents.cloudEvent(other, SOURCE, ThingWitness.TYPE, key,
                    new Thing(key, 2, "s-1", false)));
            String marker = sendMarker(kafka, key, 3);
            awaitApplied(marker);
        }
        assertEquals(1, ledgerRows(thing.toString()));
        assertEquals(0, ledgerRows(other.toString()));
        assertEquals(1, ThingWitness.SEEN.get(thing.toString()).get(), "applied once by the second handler too");
        assertEquals(1, ThingWitness.SEEN.get(other.toString()).get());
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicAndThePartitionMovesOn() {
        String key = "poison-" + UUID.randomUUID();
        try (TopicReader deadLetters = TopicReader.fromNow("kit-test.dlt"); RawEvents kafka = new RawEvents()) {
            kafka.send(Thing.TOPIC, key, "{not a cloud event".getBytes(StandardCharsets.UTF_8));
            String marker = sendMarker(kafka, key, 1);

            List<ConsumerRecord<String, byte[]>> dead = deadLetters.readUntil(
                    rs -> rs.stream().anyMatch(r -> key.equals(r.key())), WAIT);
            ConsumerRecord<String, byte[]> record = dead.stream().filter(r -> key.equals(r.key())).findFirst()
                    .orElseThrow();
            assertEquals("{not a cloud event", new String(record.value(), StandardCharsets.UTF_8));
            assertEquals(Thing.TOPIC, header(record, "dlt-original-topic"));
            assertTrue(header(record, "dlt-consumer-group").startsWith("platform-kit-test-"));
            awaitApplied(marker);
        }
    }

    @Test
    void eventThatKeepsFailingIsRetriedThenDeadLetteredWithoutBlockingItsPartition() {
        String key = "failing-" + UUID.randomUUID();
        UUID failing = UUID.randomUUID();
        try (TopicReader deadLetters = TopicReader.fromNow("kit-test.dlt"); RawEvents kafka = new RawEvents()) {
            kafka.send(Thing.TOPIC, key, RawEvents.cloudEvent(failing, SOURCE, Thing.TYPE, key,
                    new Thing(key, 1, "s-1", true)));
            String marker = sendMarker(kafka, key, 2);

            ConsumerRecord<String, byte[]> record = deadLetters.readUntil(
                    rs -> rs.stream().anyMatch(r -> key.equals(r.key())), WAIT).stream()
                    .filter(r -> key.equals(r.key())).findFirst().orElseThrow();
            assertEquals("java.lang.IllegalStateException: refused by test", header(record, "dlt-reason"));
            awaitApplied(marker);
        }
        assertEquals(3, LedgerHandler.ATTEMPTS.get(failing.toString()).get(), "tried max-attempts times");
        assertEquals(0, ledgerRows(failing.toString()), "each failed attempt was rolled back");
        assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM inbox_event WHERE id = ?",
                failing.toString()), "a dead-lettered event is not marked as applied");
    }

    @Test
    void anEventArrivingWhileThePoolIsExhaustedWaitsForTheDatabaseAndIsNeverDeadLettered() throws Exception {
        String key = "pool-" + UUID.randomUUID();
        UUID waiting = UUID.randomUUID();
        double failuresBefore = transientFailures();
        List<Connection> held = new ArrayList<>();
        try (TopicReader deadLetters = TopicReader.fromNow("kit-test.dlt"); RawEvents kafka = new RawEvents()) {
            try {
                // Take every connection of the pool: Agroal then answers with its acquisition timeout
                while (true) {
                    held.add(dataSource.getConnection());
                }
            } catch (SQLException exhausted) {
                assertTrue(DatabaseFailures.unavailable(exhausted), exhausted.getMessage());
            }
            kafka.send(Thing.TOPIC, key, RawEvents.cloudEvent(waiting, SOURCE, Thing.TYPE, key,
                    new Thing(key, 1, "s-1", false)));
            // More failures than max-attempts allows an event of its own: they must not count against it
            await().atMost(WAIT).until(() -> transientFailures() >= failuresBefore + 4);
            closeAll(held);

            awaitApplied(waiting.toString());
            String marker = sendMarker(kafka, key, 2);
            awaitApplied(marker);
            assertTrue(deadLetters.readFor(Duration.ofSeconds(1)).stream().noneMatch(r -> key.equals(r.key())),
                    "nothing of the key was dead-lettered");
        } finally {
            closeAll(held);
        }
        assertEquals(1, ledgerRows(waiting.toString()));
    }

    @Test
    void aHandlerThrowingAnErrorDeadLettersItsEventAndTheConsumerGoesOn() {
        String key = "error-" + UUID.randomUUID();
        UUID broken = UUID.randomUUID();
        try (TopicReader deadLetters = TopicReader.fromNow("kit-test.dlt"); RawEvents kafka = new RawEvents()) {
            kafka.send(Thing.TOPIC, key, RawEvents.cloudEvent(broken, SOURCE, Thing.TYPE, key,
                    new Thing(key, 1, LedgerHandler.THROWS_ERROR, false)));
            String marker = sendMarker(kafka, key, 2);

            ConsumerRecord<String, byte[]> record = deadLetters.readUntil(
                    rs -> rs.stream().anyMatch(r -> key.equals(r.key())), WAIT).stream()
                    .filter(r -> key.equals(r.key())).findFirst().orElseThrow();
            assertEquals("java.lang.AssertionError: a handler bug, thrown by test", header(record, "dlt-reason"));
            awaitApplied(marker);
        }
        assertTrue(consumer.alive());
        assertEquals("UP", readiness.call().getStatus().name());
    }

    private double transientFailures() {
        return registry.counter("huiketang.inbox.transient-failures").count();
    }

    private static void closeAll(List<Connection> connections) throws SQLException {
        for (Connection connection : connections) {
            connection.close();
        }
        connections.clear();
    }

    /** A good event after the one under test, on the same key and so the same partition. */
    private static String sendMarker(RawEvents kafka, String key, int seq) {
        UUID marker = UUID.randomUUID();
        kafka.send(Thing.TOPIC, key, RawEvents.cloudEvent(marker, SOURCE, Thing.TYPE, key,
                new Thing(key, seq, "s-1", false)));
        return marker.toString();
    }

    private void awaitApplied(String eventId) {
        await().atMost(WAIT).until(() -> ledgerRows(eventId) == 1);
    }

    private long ledgerRows(String eventId) {
        return Ledger.count(dataSource, "SELECT count(*) FROM kit_test_ledger WHERE event_id = ?", eventId);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
