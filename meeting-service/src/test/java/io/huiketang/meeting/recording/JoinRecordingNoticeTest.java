package io.huiketang.meeting.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.events.EventSchemas;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.meeting.support.Meetings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The join answer carries the running recording and its notice (REC-1), from recording-service's
 * recording.events over the real broker; after its recording-stopped, joins carry none.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class JoinRecordingNoticeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "meeting-recording-test"),
            new StringSerializer(), new ByteArraySerializer());

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void aJoinWhileARecordingRunsCarriesItsNoticeAndNoneAfterItStopped() throws Exception {
        UUID host = UUID.randomUUID();
        JsonPath meeting = Meetings.createInstant(TestTokens.person(host), "录制的会议", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        String number = meeting.getString("number");
        assertNull(Meetings.join(TestTokens.person(UUID.randomUUID()), number, null, "早到者").get("recording"));

        UUID recordingId = UUID.randomUUID();
        String notice = "本会议正在进行云录制。";
        publish(meetingId, RecordingEventsHandler.STARTED, Map.of("recordingId", recordingId.toString(),
                "meetingId", meetingId.toString(), "kind", "CLOUD", "startedBy", host.toString(),
                "startedAt", Instant.now().toString(), "notice", notice));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> MeetingRecording.findById(meetingId) != null));

        JsonPath late = Meetings.join(TestTokens.person(UUID.randomUUID()), number, null, "晚到者");
        assertEquals(recordingId.toString(), late.getString("recording.recordingId"));
        assertEquals("CLOUD", late.getString("recording.kind"));
        assertEquals(notice, late.getString("recording.notice"));

        // A stop of another recording changes nothing; this one's stop removes it
        publish(meetingId, RecordingEventsHandler.STOPPED, Map.of("recordingId", UUID.randomUUID().toString(),
                "meetingId", meetingId.toString(), "kind", "LOCAL", "stoppedAt", Instant.now().toString(),
                "reason", "STOPPED"));
        publish(meetingId, RecordingEventsHandler.STOPPED, Map.of("recordingId", recordingId.toString(),
                "meetingId", meetingId.toString(), "kind", "CLOUD", "stoppedAt", Instant.now().toString(),
                "reason", "STOPPED"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> MeetingRecording.findById(meetingId) == null));
        assertNull(Meetings.join(TestTokens.person(UUID.randomUUID()), number, null, "之后").get("recording"));
    }

    /** As recording-service's relay publishes it: keyed by the meeting on recording.events. */
    private void publish(UUID meetingId, String type, Map<String, Object> data) throws Exception {
        EventSchemas.requireValid(type, JSON.valueToTree(data));
        byte[] value = EventEnvelope.toJson(UUID.randomUUID(), URI.create("/huiketang/recording-service"), type,
                meetingId.toString(), OffsetDateTime.now(ZoneOffset.UTC), JSON.valueToTree(data))
                .getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(RecordingEventsHandler.TOPIC, meetingId.toString(), value))
                .get(10, TimeUnit.SECONDS);
    }
}
