package io.huiketang.kit.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.events.EventSchemas;
import io.huiketang.kit.support.KitTopics;
import io.huiketang.kit.support.Ledger;
import io.huiketang.kit.support.Thing;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The outbox and its relay against the stack's real PostgreSQL and Kafka; relay workers are driven by hand. */
@QuarkusTest
@QuarkusTestResource(KitTopics.class)
class OutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Outbox outbox;

    @Inject
    AgroalDataSource dataSource;

    private final List<Producer<String, String>> producers = new ArrayList<>();

    @BeforeEach
    void emptyOutbox() {
        Ledger.execute(dataSource, "DELETE FROM outbox_event");
    }

    @AfterEach
    void closeProducers() {
        producers.forEach(Producer::close);
    }

    @Test
    void committedChangeIsPublishedAsCloudEventMatchingItsSchema() {
        String aggregate = "thing-" + UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromNow(Thing.TOPIC)) {
            UUID id = QuarkusTransaction.requiringNew()
                    .call(() -> outbox.publish(Thing.TOPIC, "thing", aggregate, Thing.TYPE,
                            new Thing(aggregate, 1, "subject-1", false)));

            assertEquals(1, drain(worker(realProducer(), 8, 100)));

            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(keyed(aggregate, 1), WAIT);
            ConsumerRecord<String, byte[]> record = only(records, aggregate);
            ConsumedEvent event = PublishedEvents.assertValid(record);
            assertEquals(id.toString(), event.id());
            assertEquals("/huiketang/platform-kit-test", event.source());
            assertEquals(Thing.TYPE, event.type());
            assertEquals(aggregate, event.subject());
            assertEquals(1, event.data().get("seq").asInt());
            assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM outbox_event WHERE id = ?", id),
                    "a published event leaves the outbox");
        }
    }

    @Test
    void rolledBackChangePublishesNothing() {
        String aggregate = "thing-" + UUID.randomUUID();
        AtomicReference<UUID> rolledBack = new AtomicReference<>();
        try (TopicReader reader = TopicReader.fromNow(Thing.TOPIC)) {
            assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
                rolledBack.set(outbox.publish(Thing.TOPIC, "thing", aggregate, Thing.TYPE,
                        new Thing(aggregate, 1, "subject-1", false)));
                throw new IllegalStateException("the business change fails after the event was written");
            }));
            UUID committed = QuarkusTransaction.requiringNew().call(() -> outbox.publish(Thing.TOPIC, "thing",
                    aggregate, Thing.TYPE, new Thing(aggregate, 2, "subject-1", false)));

            drain(worker(realProducer(), 8, 100));

            // Same aggregate, same partition, in order: once the committed event is there, the other would be too
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(keyed(aggregate, 1), WAIT);
            ConsumedEvent only = PublishedEvents.assertValid(only(records, aggregate));
            assertEquals(committed.toString(), only.id());
            assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM outbox_event WHERE id = ?",
                    rolledBack.get()));
        }
    }

    @Test
    void eventThatDoesNotMatchItsSchemaIsRefusedAndNothingIsWritten() {
        String aggregate = "thing-" + UUID.randomUUID();
        assertThrows(EventSchemas.InvalidEventException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> outbox.publish(Thing.TOPIC, "thing", aggregate, Thing.TYPE, Map.of("aggregate", 7))));
        assertThrows(EventSchemas.InvalidEventException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> outbox.publish(Thing.TOPIC, "thing", aggregate, "huiketang.kit-test.unknown.v1",
                        new Thing(aggregate, 1, "s", false))));
        assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM outbox_event WHERE aggregateid = ?",
                aggregate));
    }

    @Test
    void publishingOutsideATransactionIsRefused() {
        assertThrows(TransactionalException.class, () -> outbox.publish(Thing.TOPIC, "thing", "x", Thing.TYPE,
                new Thing("x", 1, "s", false)));
    }

    @Test
    void relayKilledMidBatchLosesNothingAfterRestart() throws Exception {
        String aggregate = "thing-" + UUID.randomUUID();
        List<UUID> written = writeEvents(List.of(aggregate), 50);
        try (TopicReader reader = TopicReader.fromNow(Thing.TOPIC)) {
            // The first relay dies after Kafka took 20 of the 50 events, before its transaction commits
            Producer<String, String> dying = dyingAfter(realProducer(), 20);
            assertThrows(IllegalStateException.class, () -> worker(dying, 8, 100).relayOnce());
            assertEquals(50, Ledger.count(dataSource, "SELECT count(*) FROM outbox_event"),
                    "nothing is deleted from the outbox by a relay that did not finish");

            assertEquals(50, drain(worker(realProducer(), 8, 100)));

            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(keyed(aggregate, 70), WAIT);
            Set<String> ids = new HashSet<>();
            List<Integer> order = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                if (aggregate.equals(record.key())) {
                    ConsumedEvent event = PublishedEvents.assertValid(record);
                    ids.add(event.id());
                    order.add(event.data().get("seq").asInt());
                }
            }
            assertEquals(written.stream().map(UUID::toString).collect(java.util.stream.Collectors.toSet()), ids,
                    "every written event reached Kafka");
            // At least once: the 20 sent before the crash come again, then all 50 in order
            assertEquals(70, order.size());
            assertEquals(range(1, 50), order.subList(20, 70));
        }
    }

    @Test
    void twoRelaysAtOnceKeepEachAggregatesOrder() throws Exception {
        List<String> aggregates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            aggregates.add("thing-" + UUID.randomUUID());
        }
        writeEvents(aggregates, 100);
        try (TopicReader reader = TopicReader.fromNow(Thing.TOPIC)) {
            OutboxRelayWorker first = worker(realProducer(), 8, 10);
            OutboxRelayWorker second = worker(realProducer(), 8, 10);
            AtomicInteger firstCount = new AtomicInteger();
            AtomicInteger secondCount = new AtomicInteger();
            Thread a = new Thread(() -> firstCount.set(drainQuietly(first)));
            Thread b = new Thread(() -> secondCount.set(drainQuietly(second)));
            a.start();
            b.start();
            a.join();
            b.join();

            assertEquals(1000, firstCount.get() + secondCount.get(), "each row published by exactly one relay");
            assertTrue(firstCount.get() > 0 && secondCount.get() > 0,
                    "both relays worked: " + firstCount + " and " + secondCount);
            Set<String> ours = new HashSet<>(aggregates);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(
                    rs -> rs.stream().filter(r -> ours.contains(r.key())).count() >= 1000, WAIT);
            Map<String, List<Integer>> seqByAggregate = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                if (ours.contains(record.key())) {
                    seqByAggregate.computeIfAbsent(record.key(), k -> new ArrayList<>())
                            .add(PublishedEvents.assertValid(record).data().get("seq").asInt());
                }
            }
            for (String aggregate : aggregates) {
                assertEquals(range(1, 100), seqByAggregate.get(aggregate), "order of " + aggregate);
            }
        }
    }

    /** Writes {@code perAggregate} events per aggregate, interleaved, one transaction per round. */
    private List<UUID> writeEvents(List<String> aggregates, int perAggregate) {
        List<UUID> ids = new ArrayList<>();
        for (int seq = 1; seq <= perAggregate; seq++) {
            int current = seq;
            QuarkusTransaction.requiringNew().run(() -> {
                for (String aggregate : aggregates) {
                    ids.add(outbox.publish(Thing.TOPIC, "thing", aggregate, Thing.TYPE,
                            new Thing(aggregate, current, "subject-1", false)));
                }
            });
        }
        return ids;
    }

    private OutboxRelayWorker worker(Producer<String, String> producer, int lanes, int batchSize) {
        return new OutboxRelayWorker(dataSource, producer, lanes, batchSize, lag -> {
        });
    }

    private Producer<String, String> realProducer() {
        Producer<String, String> producer = new KafkaProducer<>(
                OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "outbox-test"));
        producers.add(producer);
        return producer;
    }

    /** A producer that sends {@code sends} records and then fails like a process that died. */
    @SuppressWarnings("unchecked")
    private static Producer<String, String> dyingAfter(Producer<String, String> real, int sends) {
        AtomicInteger sent = new AtomicInteger();
        return (Producer<String, String>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] { Producer.class }, (proxy, method, args) -> {
                    if (method.getName().equals("send") && sent.incrementAndGet() > sends) {
                        real.flush();
                        throw new IllegalStateException("relay process died");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int drain(OutboxRelayWorker worker) {
        int total = 0;
        try {
            for (int n = worker.relayOnce(); n > 0; n = worker.relayOnce()) {
                total += n;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return total;
    }

    private int drainQuietly(OutboxRelayWorker worker) {
        int total = 0;
        // Keep going until the table is empty: the other relay may hold a lane for a moment
        while (Ledger.count(dataSource, "SELECT count(*) FROM outbox_event") > 0) {
            total += drain(worker);
        }
        return total;
    }

    private static java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> keyed(String key, int n) {
        return records -> records.stream().filter(r -> key.equals(r.key())).count() >= n;
    }

    private static ConsumerRecord<String, byte[]> only(List<ConsumerRecord<String, byte[]>> records, String key) {
        List<ConsumerRecord<String, byte[]>> matching = records.stream().filter(r -> key.equals(r.key())).toList();
        assertEquals(1, matching.size(), "records for " + key);
        return matching.get(0);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }
}
