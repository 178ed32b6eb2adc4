package io.huiketang.kit.support;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.testing.KafkaTestTopics;

/** Sends records straight to Kafka, as another service (or a broken one) would. */
public final class RawEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "raw-events-test"),
            new StringSerializer(), new ByteArraySerializer());

    /** A structured CloudEvent with a new id. */
    public static byte[] cloudEvent(String source, String type, String subject, Object data) {
        return cloudEvent(UUID.randomUUID(), source, type, subject, data);
    }

    public static byte[] cloudEvent(UUID id, String source, String type, String subject, Object data) {
        JsonNode json = JSON.valueToTree(data);
        return EventEnvelope.toJson(id, java.net.URI.create(source), type, subject,
                OffsetDateTime.now(ZoneOffset.UTC), json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the test record", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
