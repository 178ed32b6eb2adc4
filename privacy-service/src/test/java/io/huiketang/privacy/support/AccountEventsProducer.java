package io.huiketang.privacy.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.testing.KafkaTestTopics;

/** Publishes CloudEvents to Kafka as account-service's relay would, for what privacy-service consumes. */
public final class AccountEventsProducer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "privacy-test-account-events"),
            new StringSerializer(), new ByteArraySerializer());

    /** Sends one event from account-service, keyed by {@code key}; returns its id. */
    public UUID send(String topic, String type, String key, Object data) throws Exception {
        UUID id = UUID.randomUUID();
        byte[] value = EventEnvelope.toJson(id, URI.create("/huiketang/account-service"), type, key,
                OffsetDateTime.now(ZoneOffset.UTC), JSON.valueToTree(data)).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        return id;
    }

    @Override
    public void close() {
        producer.close();
    }
}
