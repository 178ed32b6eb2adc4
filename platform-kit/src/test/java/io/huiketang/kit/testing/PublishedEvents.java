package io.huiketang.kit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.events.EventSchemas;

/** Checks that a published record is what every consumer expects: a CloudEvent whose data matches its schema. */
public final class PublishedEvents {

    private PublishedEvents() {
    }

    /** Parses the record as a structured CloudEvent and asserts its data matches the type's schema. */
    public static ConsumedEvent assertValid(ConsumerRecord<String, byte[]> record) {
        ConsumedEvent event = ConsumedEvent.parse(record.topic(), record.key(), record.value());
        List<String> violations = EventSchemas.violations(event.type(), event.data());
        assertTrue(violations.isEmpty(), () -> event.type() + " does not match its schema: " + violations);
        assertTrue(event.type().matches("huiketang\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+"),
                () -> "event type " + event.type() + " is not huiketang.<service>.<event>.v<n>");
        Header contentType = record.headers().lastHeader("content-type");
        assertEquals(EventEnvelope.CONTENT_TYPE, new String(contentType.value(), StandardCharsets.UTF_8));
        return event;
    }

    public static List<ConsumedEvent> ofType(List<ConsumerRecord<String, byte[]>> records, String type) {
        return records.stream().map(PublishedEvents::assertValid).filter(e -> e.type().equals(type)).toList();
    }
}
