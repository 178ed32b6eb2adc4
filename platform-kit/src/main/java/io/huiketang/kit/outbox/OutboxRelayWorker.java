package io.huiketang.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.InvalidRecordException;

import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.events.KafkaSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * One relay loop: takes waiting outbox rows lane by lane, publishes them, and deletes them in the
 * same database transaction once Kafka has acknowledged them.
 * <p>
 * A lane is held with a transaction-scoped advisory lock, so replicas never take the same rows and
 * an aggregate's events (always in one lane) are published in the order of their {@code seq}. The
 * batch goes out in waves: each wave sends the next row of every aggregate in the batch and waits
 * for the acknowledgements, so a row is sent only once the one before it of its aggregate is in
 * Kafka, and an aggregate stops at its first failure (a later event can never overtake an earlier
 * one). A row Kafka refuses for good (too large, invalid) is moved to {@code outbox_parked} and
 * blocks nothing; any other failure (Kafka away, timeouts) ends the pass after committing what was
 * acknowledged. A crash before the commit leaves the rows in place: they are published again (at
 * least once, and the consumers' inbox drops the repeat).
 * <p>
 * Each send is a PRODUCER span, the child of the trace context stored with the row (the request
 * that wrote the event); the record's {@code traceparent} header carries the span's own context on
 * to the consumer.
 */
public final class OutboxRelayWorker {

    /** Advisory-lock class id of outbox lanes ("OB"); the lane number is the object id. */
    static final int LOCK_CLASS = 0x4F42;

    private static final String SELECT = "SELECT id, aggregateid, topic, payload::text, tracingspancontext, timestamp, type "
            + "FROM outbox_event WHERE (hashtext(aggregateid) & 2147483647) % ? = ? ORDER BY seq LIMIT ?";

    private static final String PARK = "WITH moved AS (DELETE FROM outbox_event WHERE id = ? RETURNING *) "
            + "INSERT INTO outbox_parked (id, seq, aggregatetype, aggregateid, type, topic, timestamp, payload, "
            + "tracingspancontext, reason) SELECT id, seq, aggregatetype, aggregateid, type, topic, timestamp, payload, "
            + "tracingspancontext, ? FROM moved";

    /** What the worker tells its owner about each row: the metrics of the relay. */
    public interface Observer {
        /** The row is in Kafka; it waited this long in the outbox. */
        void published(Duration waited);

        /** Kafka refused the row for good; it is now in {@code outbox_parked}. */
        void parked(String eventType, String reason);
    }

    /** Kafka could not take the rows for now; what it had acknowledged before is committed. */
    public static final class KafkaUnavailableException extends RuntimeException {
        KafkaUnavailableException(Throwable cause) {
            super("Kafka did not acknowledge an outbox event: " + cause, cause);
        }
    }

    private record Row(UUID id, String type, ProducerRecord<String, String> record, String traceParent,
            Instant writtenAt) {
    }

    private record Sent(Row row, Span span, Future<RecordMetadata> ack) {
    }

    private final DataSource dataSource;
    private final Producer<String, String> producer;
    private final int lanes;
    private final int batchSize;
    private final Duration batchTimeLimit;
    private final Observer observer;
    private final KafkaSpans spans;

    /**
     * @param batchTimeLimit no new wave starts after this long, so a lane's lock and connection are
     *                       held for a bounded time even when Kafka answers slowly
     * @param tracer         makes the span of each send (the no-op tracer when tracing is off)
     */
    public OutboxRelayWorker(DataSource dataSource, Producer<String, String> producer, int lanes, int batchSize,
            Duration batchTimeLimit, Tracer tracer, Observer observer) {
        if (lanes < 1 || batchSize < 1) {
            throw new IllegalArgumentException("lanes and batch size must be positive");
        }
        this.dataSource = dataSource;
        this.producer = producer;
        this.lanes = lanes;
        this.batchSize = batchSize;
        this.batchTimeLimit = batchTimeLimit;
        this.observer = observer;
        this.spans = new KafkaSpans(tracer);
    }

    /**
     * One pass over every lane; returns how many rows left the outbox (published or parked).
     *
     * @throws KafkaUnavailableException when Kafka failed a send for a reason other than the row
     */
    public int relayOnce() throws SQLException, InterruptedException {
        int done = 0;
        for (int lane = 0; lane < lanes; lane++) {
            done += relayLane(lane);
        }
        return done;
    }

    private int relayLane(int lane) throws SQLException, InterruptedException {
        Outcome outcome;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                outcome = lockAndPublish(connection, lane);
                connection.commit();
            } catch (SQLException | RuntimeException | InterruptedException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        if (outcome.failure() != null) {
            throw new KafkaUnavailableException(outcome.failure());
        }
        return outcome.done();
    }

    private record Outcome(int done, Throwable failure) {
    }

    private Outcome lockAndPublish(Connection connection, int lane) throws SQLException, InterruptedException {
        if (!tryLock(connection, lane)) {
            return new Outcome(0, null); // another replica is relaying this lane
        }
        Map<String, Deque<Row>> byAggregate = select(connection, lane);
        Instant deadline = Instant.now().plus(batchTimeLimit);
        List<Row> published = new ArrayList<>();
        int parked = 0;
        Throwable failure = null;
        while (!byAggregate.isEmpty() && failure == null && Instant.now().isBefore(deadline)) {
            List<Sent> wave = new ArrayList<>();
            for (Deque<Row> rows : byAggregate.values()) {
                Row row = rows.peek();
                Span span = spans.startSend(row.record(), row.traceParent(), row.id().toString(), row.type());
                wave.add(new Sent(row, span, send(row)));
            }
            producer.flush();
            for (Sent sent : wave) {
                Throwable refused = outcomeOf(sent);
                String aggregate = sent.row().record().key();
                if (refused == null) {
                    published.add(sent.row());
                    byAggregate.get(aggregate).poll();
                } else if (refusedForGood(refused)) {
                    park(connection, sent.row(), refused);
                    parked++;
                    byAggregate.get(aggregate).poll();
                } else {
                    failure = refused; // this aggregate stops here; the others finish this wave
                    byAggregate.remove(aggregate);
                }
            }
            byAggregate.values().removeIf(Deque::isEmpty);
        }
        delete(connection, published);
        return new Outcome(published.size() + parked, failure);
    }

    private boolean tryLock(Connection connection, int lane) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, lane);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The lane's next rows, per aggregate in seq order; aggregates in the order of their first row. */
    private Map<String, Deque<Row>> select(Connection connection, int lane) throws SQLException {
        Map<String, Deque<Row>> byAggregate = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setInt(1, lanes);
            select.setInt(2, lane);
            select.setInt(3, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(rs.getString(3), rs.getString(2),
                            rs.getString(4));
                    record.headers().add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                    Row row = new Row(rs.getObject(1, UUID.class), rs.getString(7), record, rs.getString(5),
                            rs.getTimestamp(6).toInstant());
                    byAggregate.computeIfAbsent(record.key(), k -> new ArrayDeque<>()).add(row);
                }
            }
        }
        return byAggregate;
    }

    /** The producer reports most refusals through the future; a few (serialisation) are thrown at once. */
    private Future<RecordMetadata> send(Row row) {
        try {
            return producer.send(row.record());
        } catch (SerializationException | InvalidTopicException | RecordTooLargeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for the acknowledgement and ends the send's span; null when Kafka has the record. */
    private static Throwable outcomeOf(Sent sent) throws InterruptedException {
        try {
            KafkaSpans.sent(sent.span(), sent.ack().get());
            return null;
        } catch (ExecutionException e) {
            KafkaSpans.failed(sent.span(), e.getCause());
            return e.getCause();
        } catch (InterruptedException e) {
            KafkaSpans.failed(sent.span(), e);
            throw e;
        }
    }

    /** Refusals about the row itself, which no retry can change. */
    static boolean refusedForGood(Throwable refused) {
        return refused instanceof RecordTooLargeException || refused instanceof RecordBatchTooLargeException
                || refused instanceof InvalidRecordException || refused instanceof InvalidTopicException
                || refused instanceof SerializationException;
    }

    private void park(Connection connection, Row row, Throwable reason) throws SQLException {
        String why = reason.getClass().getName() + (reason.getMessage() == null ? "" : ": " + reason.getMessage());
        try (PreparedStatement park = connection.prepareStatement(PARK)) {
            park.setObject(1, row.id());
            park.setString(2, why.length() > 500 ? why.substring(0, 500) : why);
            park.executeUpdate();
        }
        observer.parked(row.type(), reason.getClass().getSimpleName());
    }

    private void delete(Connection connection, List<Row> published) throws SQLException {
        if (published.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ANY(?)")) {
            Array array = connection.createArrayOf("uuid", published.stream().map(Row::id).toArray());
            delete.setArray(1, array);
            delete.executeUpdate();
        }
        Instant now = Instant.now();
        for (Row row : published) {
            observer.published(Duration.between(row.writtenAt(), now));
        }
    }
}
