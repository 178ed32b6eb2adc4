package io.huiketang.kit.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
import io.huiketang.kit.events.KafkaSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
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

    @Inject
    Tracer tracer;

    /** True here (%test): the relay then makes its spans with the no-op tracer, as the bean does. */
    @ConfigProperty(name = "quarkus.otel.sdk.disabled")
    boolean tracingOff;

    private final List<Producer<String, String>> producers = new ArrayList<>();

    @BeforeEach
    void emptyOutbox() {
        Ledger.execute(dataSource, "DELETE FROM outbox_event");
        Ledger.execute(dataSource, "DELETE FROM outbox_parked");
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
    void withTracingOffTheRelayPassesTheStoredTraceContextOnUnchangedAndAddsNoneWhereThereWasNone() {
        assertTrue(tracingOff, "this test is about the %test profile's tracing off");
        String traced = "traced-" + UUID.randomUUID();
        String untraced = "untraced-" + UUID.randomUUID();
        String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        SpanContext caller = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
        try (TopicReader reader = TopicReader.fromNow(Thing.TOPIC)) {
            try (Scope scope = Span.wrap(caller).makeCurrent()) {
                QuarkusTransaction.requiringNew().run(() -> outbox.publish(Thing.TOPIC, "thing", traced, Thing.TYPE,
                        new Thing(traced, 1, "subject-1", false)));
            }
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(Thing.TOPIC, "thing", untraced, Thing.TYPE,
                    new Thing(untraced, 1, "subject-1", false)));

            assertEquals(2, drain(worker(realProducer(), 8, 100)));

            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(
                    rs -> rs.stream().filter(r -> traced.equals(r.key()) || untraced.equals(r.key())).count() == 2, WAIT);
            assertEquals(traceParent, new String(only(records, traced).headers().lastHeader("traceparent").value(),
                    StandardCharsets.UTF_8));
            assertEquals(null, only(records, untraced).headers().lastHeader("traceparent"));
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

    @Test
    void aRowKafkaRefusesForGoodIsParkedAndTheRowsAfterItGoOn() throws Exception {
        String big = "thing-" + UUID.randomUUID();
        String other = "thing-" + UUID.randomUUID();
        UUID first = publish(big, 1, "s");
        UUID tooLarge = publish(big, 2, "x".repeat(20_000));
        publish(big, 3, "s");
        publish(other, 1, "s");
        Properties small = OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "outbox-test-small");
        small.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8_192);
        try (TopicReader reader = TopicReader.fromNow(Thing.TOPIC)) {
            assertEquals(4, drain(worker(producer(small), 1, 100)), "three published, one parked");

            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(
                    rs -> seqsOf(rs, big).size() >= 2 && seqsOf(rs, other).size() >= 1, WAIT);
            assertEquals(List.of(1, 3), seqsOf(records, big), "the row after the refused one went out");
            assertEquals(List.of(1), seqsOf(records, other));
            assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM outbox_event"), "the outbox drained");
            assertEquals(1, Ledger.count(dataSource, "SELECT count(*) FROM outbox_parked WHERE id = ? AND "
                    + "reason LIKE 'org.apache.kafka.common.errors.RecordTooLargeException%'", tooLarge));
            assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM outbox_parked WHERE id = ?", first));

            // The operator's command sends it again once the limit is raised
            assertEquals(1, Ledger.count(dataSource, "SELECT count(*) FROM outbox_unpark(?) WHERE outbox_unpark",
                    tooLarge));
            assertEquals(1, drain(worker(realProducer(), 1, 100)));
            List<ConsumerRecord<String, byte[]>> again = reader.readUntil(rs -> seqsOf(rs, big).size() >= 3, WAIT);
            assertEquals(List.of(1, 3, 2), seqsOf(again, big));
            assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM outbox_parked WHERE id = ?", tooLarge));
        } finally {
            Ledger.execute(dataSource, "DELETE FROM outbox_parked");
        }
    }

    @Test
    void aKeysLaterEventsWaitUntilAnEarlierOneThatFailedIsInKafka() throws Exception {
        String stuck = "thing-" + UUID.randomUUID();
        String free = "thing-" + UUID.randomUUID();
        List<UUID> stuckIds = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            stuckIds.add(publish(stuck, seq, "s"));
            publish(free, seq, "s");
        }
        try (TopicReader reader = TopicReader.fromNow(Thing.TOPIC)) {
            Producer<String, String> failingFirst = timingOutFor(realProducer(), Set.of(stuckIds.get(0).toString()));
            OutboxRelayWorker worker = worker(failingFirst, 1, 100);
            assertThrows(OutboxRelayWorker.KafkaUnavailableException.class, worker::relayOnce);
            assertEquals(5, Ledger.count(dataSource, "SELECT count(*) FROM outbox_event WHERE aggregateid = ?", stuck),
                    "nothing of the failed key left the outbox");

            drain(worker(realProducer(), 1, 100));

            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(
                    rs -> seqsOf(rs, stuck).size() >= 5 && seqsOf(rs, free).size() >= 5, WAIT);
            assertEquals(range(1, 5), seqsOf(records, stuck), "no later event of the key went before the failed one");
            assertEquals(range(1, 5), seqsOf(records, free));
        }
    }

    @Test
    void twoTransactionsOnOneAggregateCommitInTheOrderOfTheirEvents() throws Exception {
        String aggregate = "thing-" + UUID.randomUUID();
        CountDownLatch firstWrote = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                outbox.publish(Thing.TOPIC, "thing", aggregate, Thing.TYPE, new Thing(aggregate, 1, "s", false));
                firstWrote.countDown();
                await(releaseFirst);
            }));
            assertTrue(firstWrote.await(10, TimeUnit.SECONDS));
            Future<?> second = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> outbox.publish(
                    Thing.TOPIC, "thing", aggregate, Thing.TYPE, new Thing(aggregate, 2, "s", false))));
            // The second waits on the aggregate's lock until the first has committed
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Ledger.count(dataSource,
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = ?",
                    Outbox.AGGREGATE_LOCK_CLASS) == 1);
            assertFalse(second.isDone(), "the second cannot commit before the first");
            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        } finally {
            releaseFirst.countDown();
            pool.shutdown();
            pool.awaitTermination(20, TimeUnit.SECONDS);
        }
        try (TopicReader reader = TopicReader.fromNow(Thing.TOPIC)) {
            drain(worker(realProducer(), 8, 100));
            assertEquals(List.of(1, 2), seqsOf(reader.readUntil(rs -> seqsOf(rs, aggregate).size() >= 2, WAIT),
                    aggregate));
        }
    }

    @Test
    void anEventOverTheSizeLimitIsRefusedWhenWrittenAndNothingIsWritten() {
        String aggregate = "thing-" + UUID.randomUUID();
        Outbox.EventTooLargeException refused = assertThrows(Outbox.EventTooLargeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> outbox.publish(Thing.TOPIC, "thing", aggregate,
                        Thing.TYPE, new Thing(aggregate, 1, "x".repeat(70_000), false))));
        assertTrue(refused.getMessage().contains("huiketang.outbox.max-event-bytes"), refused.getMessage());
        assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM outbox_event WHERE aggregateid = ?",
                aggregate));
    }

    private UUID publish(String aggregate, int seq, String subject) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.publish(Thing.TOPIC, "thing", aggregate,
                Thing.TYPE, new Thing(aggregate, seq, subject, false)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        return new OutboxRelayWorker(dataSource, producer, lanes, batchSize, Duration.ofSeconds(20),
                KafkaSpans.tracer(tracer, tracingOff),
                new OutboxRelayWorker.Observer() {
                    @Override
                    public void published(Duration waited) {
                    }

                    @Override
                    public void parked(String eventType, String reason) {
                    }
                });
    }

    private Producer<String, String> realProducer() {
        return producer(OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "outbox-test"));
    }

    private Producer<String, String> producer(Properties properties) {
        Producer<String, String> producer = new KafkaProducer<>(properties);
        producers.add(producer);
        return producer;
    }

    /** A producer whose sends of the given event ids fail like a broker that timed out; others go through. */
    @SuppressWarnings("unchecked")
    private static Producer<String, String> timingOutFor(Producer<String, String> real, Set<String> eventIds) {
        return (Producer<String, String>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] { Producer.class }, (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        ProducerRecord<String, String> record = (ProducerRecord<String, String>) args[0];
                        if (eventIds.stream().anyMatch(id -> record.value().contains(id))) {
                            return CompletableFuture.failedFuture(new TimeoutException("test: no answer in time"));
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private List<Integer> seqsOf(List<ConsumerRecord<String, byte[]>> records, String aggregate) {
        return records.stream().filter(r -> aggregate.equals(r.key()))
                .map(r -> PublishedEvents.assertValid(r).data().get("seq").asInt()).toList();
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
