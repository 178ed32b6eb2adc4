package io.huiketang.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.huiketang.kit.events.EventEnvelope;

/**
 * One relay loop: takes waiting outbox rows lane by lane, publishes them, and deletes them in the
 * same database transaction once Kafka has acknowledged every one.
 * <p>
 * A lane is held with a transaction-scoped advisory lock, so replicas never take the same rows and
 * an aggregate's events (always in one lane) are published in the order they were written. A crash
 * before the commit leaves the rows in place: they are published again (at least once, and the
 * consumers' inbox drops the repeat).
 */
public final class OutboxRelayWorker {

    /** Advisory-lock class id of outbox lanes ("OB"); the lane number is the object id. */
    static final int LOCK_CLASS = 0x4F42;

    private static final String SELECT = "SELECT id, aggregateid, topic, payload::text, tracingspancontext, timestamp "
            + "FROM outbox_event WHERE (hashtext(aggregateid) & 2147483647) % ? = ? ORDER BY seq LIMIT ?";

    private final DataSource dataSource;
    private final Producer<String, String> producer;
    private final int lanes;
    private final int batchSize;
    private final Consumer<Duration> lagObserver;

    /**
     * @param lagObserver told, for each published event, how long it waited in the outbox
     */
    public OutboxRelayWorker(DataSource dataSource, Producer<String, String> producer, int lanes, int batchSize,
            Consumer<Duration> lagObserver) {
        if (lanes < 1 || batchSize < 1) {
            throw new IllegalArgumentException("lanes and batch size must be positive");
        }
        this.dataSource = dataSource;
        this.producer = producer;
        this.lanes = lanes;
        this.batchSize = batchSize;
        this.lagObserver = lagObserver;
    }

    /** One pass over every lane; returns how many events were published. */
    public int relayOnce() throws SQLException, InterruptedException {
        int published = 0;
        for (int lane = 0; lane < lanes; lane++) {
            published += relayLane(lane);
        }
        return published;
    }

    private int relayLane(int lane) throws SQLException, InterruptedException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int published = lockAndPublish(connection, lane);
                connection.commit();
                return published;
            } catch (SQLException | RuntimeException | InterruptedException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private int lockAndPublish(Connection connection, int lane) throws SQLException, InterruptedException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, lane);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0; // another replica is relaying this lane
                }
            }
        }
        List<UUID> ids = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<Instant> writtenAt = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setInt(1, lanes);
            select.setInt(2, lane);
            select.setInt(3, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(rs.getString(3), rs.getString(2),
                            rs.getString(4));
                    record.headers().add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                    String traceParent = rs.getString(5);
                    if (traceParent != null) {
                        record.headers().add("traceparent", traceParent.getBytes(StandardCharsets.UTF_8));
                    }
                    ids.add(rs.getObject(1, UUID.class));
                    Timestamp timestamp = rs.getTimestamp(6);
                    writtenAt.add(timestamp.toInstant());
                    acks.add(producer.send(record));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge an outbox event", e.getCause());
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ANY(?)")) {
            Array array = connection.createArrayOf("uuid", ids.toArray());
            delete.setArray(1, array);
            delete.executeUpdate();
        }
        Instant now = Instant.now();
        for (Instant written : writtenAt) {
            lagObserver.accept(Duration.between(written, now));
        }
        return ids.size();
    }
}
