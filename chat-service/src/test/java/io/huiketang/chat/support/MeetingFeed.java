package io.huiketang.chat.support;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.events.EventSchemas;
import io.huiketang.kit.testing.KafkaTestTopics;

/**
 * Publishes meeting-service's and recording-service's events to the stack's Kafka, as those services
 * do (structured CloudEvents keyed by meeting id, data valid against the kit's schemas).
 */
public final class MeetingFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaProducer<String, String> producer;

    public MeetingFeed() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestTopics.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props);
    }

    public void joined(UUID meetingId, UUID accountId, UUID sessionId) {
        publish("meeting.events", "huiketang.meeting.participant-joined.v1", meetingId, JSON.createObjectNode()
                .put("meetingId", meetingId.toString()).put("number", "123456789").put("accountId", accountId.toString())
                .put("sessionId", sessionId.toString()).put("joinedAt", now()).put("host", false));
    }

    public void left(UUID meetingId, UUID accountId, UUID sessionId, String reason) {
        publish("meeting.events", "huiketang.meeting.participant-left.v1", meetingId, JSON.createObjectNode()
                .put("meetingId", meetingId.toString()).put("number", "123456789").put("accountId", accountId.toString())
                .put("sessionId", sessionId.toString()).put("joinedAt", now()).put("leftAt", now())
                .put("durationSeconds", 5).put("reason", reason));
    }

    public void ended(UUID meetingId) {
        publish("meeting.events", "huiketang.meeting.meeting-ended.v1", meetingId, JSON.createObjectNode()
                .put("meetingId", meetingId.toString()).put("number", "123456789").putNull("creatorId")
                .putNull("enterpriseId").put("endedAt", now()).put("reason", "HOST"));
    }

    public void recordingStarted(UUID meetingId, String notice) {
        publish("recording.events", "huiketang.recording.recording-started.v1", meetingId, JSON.createObjectNode()
                .put("recordingId", UUID.randomUUID().toString()).put("meetingId", meetingId.toString())
                .put("kind", "CLOUD").put("startedBy", UUID.randomUUID().toString()).put("startedAt", now())
                .put("notice", notice));
    }

    public void recordingStopped(UUID meetingId) {
        publish("recording.events", "huiketang.recording.recording-stopped.v1", meetingId, JSON.createObjectNode()
                .put("recordingId", UUID.randomUUID().toString()).put("meetingId", meetingId.toString())
                .put("kind", "CLOUD").put("stoppedAt", now()).put("reason", "STOPPED"));
    }

    private void publish(String topic, String type, UUID meetingId, ObjectNode data) {
        EventSchemas.requireValid(type, data);
        String source = topic.startsWith("meeting") ? "meeting-service" : "recording-service";
        String value = EventEnvelope.toJson(UUID.randomUUID(), EventEnvelope.sourceOf(source), type, meetingId.toString(),
                OffsetDateTime.now(ZoneOffset.UTC), data);
        try {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, meetingId.toString(), value);
            // As the outbox relay sends it: consumers of the shared topic (system-tests among them) expect the header
            record.headers().add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type, e);
        }
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).toString();
    }

    @Override
    public void close() {
        producer.close();
    }
}
