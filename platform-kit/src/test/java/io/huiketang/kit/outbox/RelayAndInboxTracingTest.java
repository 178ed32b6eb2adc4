package io.huiketang.kit.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.support.KitTopics;
import io.huiketang.kit.support.LedgerHandler;
import io.huiketang.kit.support.Thing;
import io.huiketang.kit.support.TracingOn;
import io.huiketang.kit.testing.OtlpReceiver;
import io.huiketang.kit.testing.OtlpReceiver.Kind;
import io.huiketang.kit.testing.OtlpReceiver.ReceivedSpan;
import io.huiketang.kit.testing.TopicReader;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With tracing on, an event written in a request's span is one trace from that span through the
 * relay's publish to the consumer that applies it, as a real OTLP receiver collects it: the relay's
 * PRODUCER span a child of the request's span, the inbox's CONSUMER span a child of the PRODUCER
 * span, and the handler running inside the CONSUMER span.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
@QuarkusTestResource(KitTopics.class)
class RelayAndInboxTracingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final OtlpReceiver RECEIVER = TracingOn.RECEIVER;

    @Inject
    Outbox outbox;

    @Inject
    Tracer tracer;

    @Test
    void anEventIsOneTraceFromTheRequestThroughThePublishToTheConsumer() throws Exception {
        String aggregate = "traced-" + UUID.randomUUID();
        String subject = "subject-" + UUID.randomUUID();
        Span request = tracer.spanBuilder("POST /things").setSpanKind(SpanKind.SERVER).startSpan();
        UUID eventId;
        try (TopicReader published = TopicReader.fromNow(Thing.TOPIC)) {
            try (Scope scope = request.makeCurrent()) {
                eventId = QuarkusTransaction.requiringNew().call(() -> outbox.publish(Thing.TOPIC, "thing", aggregate,
                        Thing.TYPE, new Thing(aggregate, 1, subject, false)));
            } finally {
                request.end();
            }
            String traceId = request.getSpanContext().getTraceId();
            String id = eventId.toString();

            ReceivedSpan send = RECEIVER.awaitSpan(span -> span.kind() == Kind.PRODUCER
                    && id.equals(span.attribute("messaging.message.id")), WAIT);
            ReceivedSpan process = RECEIVER.awaitSpan(span -> span.kind() == Kind.CONSUMER
                    && id.equals(span.attribute("messaging.message.id")), WAIT);
            ReceivedSpan root = RECEIVER.awaitSpan(span -> span.spanId().equals(request.getSpanContext().getSpanId()),
                    WAIT);

            String trace = OtlpReceiver.describe(RECEIVER.trace(traceId));
            assertEquals(traceId, send.traceId(), "the publish continues the request's trace" + trace);
            assertTrue(send.isChildOf(root), "the publish is the request span's child" + trace);
            assertTrue(process.isChildOf(send), "the consumer's span is the publish's child" + trace);
            assertEquals("platform-kit-test", send.service());
            assertEquals("send " + Thing.TOPIC, send.name());
            assertEquals("process " + Thing.TOPIC, process.name());

            assertEquals("kafka", send.attribute("messaging.system"));
            assertEquals(Thing.TOPIC, send.attribute("messaging.destination.name"));
            assertEquals("send", send.attribute("messaging.operation.type"));
            assertEquals(Thing.TYPE, send.attribute("cloudevents.event_type"));
            assertNotNull(send.attribute("messaging.kafka.offset"), "the acknowledged offset" + send.attributes());
            assertEquals("kafka", process.attribute("messaging.system"));
            assertEquals("process", process.attribute("messaging.operation.type"));
            assertEquals(Thing.TYPE, process.attribute("cloudevents.event_type"));
            assertTrue(process.attribute("messaging.consumer.group.name").startsWith("platform-kit-test-"));
            for (ReceivedSpan span : new ReceivedSpan[] { send, process }) {
                assertFalse(span.attributes().values().stream().anyMatch(v -> v.contains(aggregate) || v.contains(subject)),
                        "no key or data in a span's attributes: " + span.attributes());
            }

            // The record carries the publish's own context, which is what the consumer continued from
            ConsumerRecord<String, byte[]> record = published.readUntil(
                    rs -> rs.stream().anyMatch(r -> aggregate.equals(r.key())), WAIT).stream()
                    .filter(r -> aggregate.equals(r.key())).findFirst().orElseThrow();
            assertEquals("00-" + traceId + "-" + send.spanId() + "-01",
                    new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8));

            // The handler's work (and so anything it writes to the outbox) runs inside the consumer's span
            await().atMost(WAIT).until(() -> LedgerHandler.SPAN_OF.containsKey(id));
            SpanContext handlerSpan = LedgerHandler.SPAN_OF.get(id);
            assertEquals(process.spanId(), handlerSpan.getSpanId());
            assertEquals(traceId, handlerSpan.getTraceId());
        }
    }

    @Test
    void anEventWrittenOutsideAnyTraceStartsItsOwnTraceAtThePublish() throws Exception {
        String aggregate = "untraced-" + UUID.randomUUID();
        UUID eventId = QuarkusTransaction.requiringNew().call(() -> outbox.publish(Thing.TOPIC, "thing", aggregate,
                Thing.TYPE, new Thing(aggregate, 1, "subject-1", false)));
        String id = eventId.toString();

        ReceivedSpan send = RECEIVER.awaitSpan(span -> span.kind() == Kind.PRODUCER
                && id.equals(span.attribute("messaging.message.id")), WAIT);
        ReceivedSpan process = RECEIVER.awaitSpan(span -> span.kind() == Kind.CONSUMER
                && id.equals(span.attribute("messaging.message.id")), WAIT);

        assertEquals("", send.parentSpanId(), "a root span: the row stored no trace context");
        assertTrue(process.isChildOf(send), OtlpReceiver.describe(RECEIVER.trace(send.traceId())));
        assertEquals(0, RECEIVER.refused(), "every export was protobuf the receiver could read");
    }
}
