package io.huiketang.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.events.EventSchemas;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Writes events to the outbox table in the caller's transaction: the event exists exactly when the
 * business change commits. {@link OutboxRelay} publishes it to Kafka afterwards.
 * <p>
 * Writing an event takes a transaction-scoped advisory lock on its aggregate, so two transactions
 * changing one aggregate at once commit in the order of their events' {@code seq}: the relay, which
 * publishes by {@code seq}, then publishes them in the order of their commits.
 */
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox_event "
            + "(id, aggregatetype, aggregateid, type, topic, timestamp, payload, tracingspancontext) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)";

    /** Advisory-lock class id of aggregates being written ("OA"); the object id is a hash of the aggregate. */
    static final int AGGREGATE_LOCK_CLASS = 0x4F41;

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final String service;
    private final int maxEventBytes;
    private final boolean validateEvents;

    Outbox(AgroalDataSource dataSource, ObjectMapper json, OutboxConfig config,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.dataSource = dataSource;
        this.json = json;
        this.service = service;
        this.maxEventBytes = config.maxEventBytes();
        this.validateEvents = config.validateEvents();
    }

    /** An event larger than {@code huiketang.outbox.max-event-bytes}: Kafka would refuse it. */
    public static final class EventTooLargeException extends IllegalArgumentException {
        EventTooLargeException(String type, int bytes, int limit) {
            super("Event " + type + " is " + bytes + " bytes, over the outbox limit of " + limit
                    + " (huiketang.outbox.max-event-bytes); large data goes by claim-check");
        }
    }

    /**
     * Records an event for publication. Must run inside the transaction of the change it describes.
     *
     * @param topic         the Kafka topic
     * @param aggregateType what the event is about, e.g. {@code meeting}
     * @param aggregateId   which one: the Kafka key, so one aggregate's events stay in order
     * @param type          the event type, {@code huiketang.<service>.<event>.v1}, with a schema
     * @param data          the event data; must match the type's schema (checked in tests: {@link OutboxConfig#validateEvents()})
     * @return the event id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, String aggregateType, String aggregateId, String type, Object data) {
        JsonNode dataJson = json.valueToTree(data);
        if (validateEvents) {
            EventSchemas.requireValid(type, dataJson);
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String payload = EventEnvelope.toJson(id, EventEnvelope.sourceOf(service), type, aggregateId, now, dataJson);
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxEventBytes) {
            throw new EventTooLargeException(type, bytes, maxEventBytes);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))");
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            lock.setInt(1, AGGREGATE_LOCK_CLASS);
            lock.setString(2, aggregateId);
            lock.execute();
            insert.setObject(1, id);
            insert.setString(2, aggregateType);
            insert.setString(3, aggregateId);
            insert.setString(4, type);
            insert.setString(5, topic);
            insert.setTimestamp(6, Timestamp.from(now.toInstant()));
            insert.setString(7, payload);
            insert.setString(8, currentTraceParent());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write event " + type + " to the outbox", e);
        }
        return id;
    }

    /** The W3C traceparent of the current span, so the relay continues the trace across Kafka. */
    private static String currentTraceParent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}
