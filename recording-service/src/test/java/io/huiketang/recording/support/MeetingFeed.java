package io.huiketang.recording.support;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.events.EventSchemas;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.recording.meetings.MeetingCopy;
import io.huiketang.recording.meetings.MeetingPresence;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * meeting-service's side, as recording-service sees it: schema-valid events on the real
 * {@code meeting.events}, keyed by meeting id as meeting-service's relay publishes them, and waits
 * until the read model has applied them.
 */
public final class MeetingFeed implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI SOURCE = EventEnvelope.sourceOf("meeting-service");

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "recording-test-meetings"),
            new StringSerializer(), new ByteArraySerializer());

    /** One meeting of the test: its id, number, creator and enterprise. */
    public record Meeting(UUID id, String number, UUID creator, UUID enterprise) {
    }

    public Meeting newMeeting(UUID creator, UUID enterprise) {
        return new Meeting(UUID.randomUUID(), String.valueOf(100_000_000 + ThreadLocalRandom.current().nextInt(899_999_999)),
                creator, enterprise);
    }

    /** Scheduled and then started; waits until the read model has it as ongoing. */
    public Meeting started(UUID creator, UUID enterprise) {
        Meeting meeting = newMeeting(creator, enterprise);
        scheduled(meeting);
        send(meeting, "huiketang.meeting.meeting-started.v1", base(meeting, "startedAt", now()));
        awaitUntil(() -> status(meeting.id()) == MeetingCopy.Status.STARTED);
        return meeting;
    }

    public void scheduled(Meeting meeting) {
        Map<String, Object> data = base(meeting, "plannedStart", now());
        data.put("kind", "SCHEDULED");
        data.put("scheduledAt", now());
        send(meeting, "huiketang.meeting.meeting-scheduled.v1", data);
    }

    public void awaitScheduled(Meeting meeting) {
        awaitUntil(() -> status(meeting.id()) == MeetingCopy.Status.SCHEDULED);
    }

    public void ended(Meeting meeting) {
        Map<String, Object> data = base(meeting, "endedAt", now());
        data.put("reason", "HOST");
        send(meeting, "huiketang.meeting.meeting-ended.v1", data);
        awaitUntil(() -> status(meeting.id()) == MeetingCopy.Status.ENDED);
    }

    /** A person joins (a new attendance session); waits until the read model has it. */
    public UUID joined(Meeting meeting, UUID accountId) {
        UUID session = UUID.randomUUID();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("meetingId", meeting.id().toString());
        data.put("number", meeting.number());
        data.put("accountId", accountId.toString());
        data.put("sessionId", session.toString());
        data.put("joinedAt", now());
        data.put("host", accountId.equals(meeting.creator()));
        send(meeting, "huiketang.meeting.participant-joined.v1", data);
        awaitUntil(() -> QuarkusTransaction.requiringNew().call(() -> MeetingPresence.findById(session) != null));
        return session;
    }

    public void left(Meeting meeting, UUID accountId, UUID session) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("meetingId", meeting.id().toString());
        data.put("number", meeting.number());
        data.put("accountId", accountId.toString());
        data.put("sessionId", session.toString());
        data.put("joinedAt", Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS).toString());
        data.put("leftAt", now());
        data.put("durationSeconds", 60);
        data.put("reason", "LEFT");
        send(meeting, "huiketang.meeting.participant-left.v1", data);
        awaitUntil(() -> QuarkusTransaction.requiringNew().call(() -> {
            MeetingPresence presence = MeetingPresence.findById(session);
            return presence != null && presence.leftAt != null;
        }));
    }

    /** Sends an event as it is; returns its id (to send the very same event again). */
    public UUID send(Meeting meeting, String type, Map<String, Object> data) {
        return send(UUID.randomUUID(), meeting, type, data);
    }

    public UUID send(UUID eventId, Meeting meeting, String type, Map<String, Object> data) {
        EventSchemas.requireValid(type, JSON.valueToTree(data));
        byte[] value = EventEnvelope.toJson(eventId, SOURCE, type, meeting.id().toString(),
                OffsetDateTime.now(ZoneOffset.UTC), JSON.valueToTree(data)).getBytes(StandardCharsets.UTF_8);
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>("meeting.events", meeting.id().toString(), value);
            // As the outbox relay sends it: consumers of the shared topic (system-tests among them) expect the header
            record.headers().add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to meeting.events", e);
        }
        return eventId;
    }

    public static Map<String, Object> base(Meeting meeting, String timeField, String time) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("meetingId", meeting.id().toString());
        data.put("number", meeting.number());
        data.put("creatorId", meeting.creator() == null ? null : meeting.creator().toString());
        data.put("enterpriseId", meeting.enterprise() == null ? null : meeting.enterprise().toString());
        data.put(timeField, time);
        return data;
    }

    public static MeetingCopy.Status status(UUID meetingId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            MeetingCopy copy = MeetingCopy.findById(meetingId);
            return copy == null ? null : copy.status;
        });
    }

    public static void awaitUntil(BooleanSupplier condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    @Override
    public void close() {
        producer.close();
    }
}
