package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestOpened;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.OtlpReceiver;
import io.huiketang.kit.testing.OtlpReceiver.ReceivedSpan;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Traces proven (PLT-3) on the packaged services, collected by a real OTLP receiver: a request
 * through the gateway that writes an event is one trace from the caller's context through the
 * gateway's server and proxy spans, the service's server span and the outbox relay's PRODUCER span,
 * whose context is what the Kafka record carries on; and a consumed event continues its trace into
 * each consuming service's CONSUMER span and on to what the handler publishes in turn.
 * <p>
 * No built service consumes meeting.events yet, so the consumer's hop is shown on privacy.events,
 * which account-service and meeting-service both consume (the request published as privacy-service,
 * not built yet, would publish it, in the trace of its own publish).
 */
class TracingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEDULED = "huiketang.meeting.meeting-scheduled.v1";

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void aRequestThroughTheGatewayIsOneTraceThroughTheServiceAndTheRelaysPublish() throws Exception {
        OtlpReceiver traces = receiver();
        Person host = app.registerAdult("追踪者");
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);

        String meetingId;
        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader events = TopicReader.fromNow("meeting.events")) {
            HttpRequest create = app.request("/api/v1/meetings", host.token())
                    .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("topic", "追踪", "kind", "INSTANT"))))
                    .build();
            meetingId = app.send(create).expect(201).get("id").asText();
            String key = meetingId;
            records = events.readUntil(rs -> rs.stream().anyMatch(r -> key.equals(r.key())
                    && SCHEDULED.equals(PublishedEvents.assertValid(r).type())), WAIT);
        }

        ReceivedSpan gatewayServer = awaitSpan(traces, traceId, "gateway", OtlpReceiver.Kind.SERVER);
        // (the gateway's other CLIENT spans are its Redis calls: rate limit, revoked sessions)
        ReceivedSpan proxy = traces.awaitSpan(span -> inTrace(span, traceId, "gateway", OtlpReceiver.Kind.CLIENT)
                && span.name().equals("gateway POST /api/v1/meetings"), WAIT);
        ReceivedSpan service = awaitSpan(traces, traceId, "meeting-service", OtlpReceiver.Kind.SERVER);
        ReceivedSpan send = traces.awaitSpan(span -> inTrace(span, traceId, "meeting-service",
                OtlpReceiver.Kind.PRODUCER) && SCHEDULED.equals(span.attribute("cloudevents.event_type")), WAIT);
        String trace = OtlpReceiver.describe(traces.trace(traceId));

        assertEquals(callerSpan, gatewayServer.parentSpanId(), "the gateway continues the caller's trace" + trace);
        assertTrue(proxy.isChildOf(gatewayServer), "the proxied call is the gateway request's child" + trace);
        assertTrue(service.isChildOf(proxy), "the service's request is the proxied call's child" + trace);
        assertTrue(ancestors(send, traces.trace(traceId)).contains(service.spanId()),
                "the relay's publish descends from the request that wrote the event" + trace);
        assertEquals("send meeting.events", send.name());
        assertEquals("kafka", send.attribute("messaging.system"));
        assertEquals("meeting.events", send.attribute("messaging.destination.name"));
        assertTrue(send.attributes().values().stream().noneMatch(v -> v.contains(meetingId) || v.contains(host.accountId())),
                "no key and no data in the span: " + send.attributes());

        ConsumerRecord<String, byte[]> record = records.stream()
                .filter(r -> PublishedEvents.assertValid(r).id().equals(send.attribute("messaging.message.id")))
                .findFirst().orElseThrow();
        assertEquals(meetingId, record.key());
        assertEquals("00-" + traceId + "-" + send.spanId() + "-01", header(record, "traceparent"),
                "the record carries the publish's own context on to its consumers");
    }

    @Test
    void aConsumedEventContinuesItsTraceIntoEachConsumerAndWhatItsHandlerPublishes() throws Exception {
        OtlpReceiver traces = receiver();
        Person person = app.registerAdult("追踪请求");
        String traceId = randomHex(16);
        String publishSpan = randomHex(8); // the span of privacy-service's publish, were it built

        String requestId = "req-" + UUID.randomUUID();
        String request = EventEnvelope.toJson(UUID.randomUUID(), URI.create("/huiketang/privacy-service"),
                PrivacyProtocol.REQUEST_OPENED, requestId, OffsetDateTime.now(ZoneOffset.UTC),
                JSON.valueToTree(new RequestOpened(requestId, person.accountId(), PrivacyProtocol.Kind.ACCESS)));
        ProducerRecord<String, String> opened = new ProducerRecord<>(PrivacyProtocol.REQUESTS_TOPIC, requestId, request);
        opened.headers().add("traceparent", ("00-" + traceId + "-" + publishSpan + "-01").getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "system-tests-tracing"))) {
            producer.send(opened).get(10, TimeUnit.SECONDS);
        }

        for (String consumer : List.of("account-service", "meeting-service")) {
            ReceivedSpan process = awaitSpan(traces, traceId, consumer, OtlpReceiver.Kind.CONSUMER);
            ReceivedSpan answer = traces.awaitSpan(span -> inTrace(span, traceId, consumer, OtlpReceiver.Kind.PRODUCER)
                    && PrivacyProtocol.REPLIES_TOPIC.equals(span.attribute("messaging.destination.name")), WAIT);
            String trace = OtlpReceiver.describe(traces.trace(traceId));
            assertEquals(publishSpan, process.parentSpanId(), consumer + " continues the publish's trace" + trace);
            assertEquals("process " + PrivacyProtocol.REQUESTS_TOPIC, process.name());
            assertEquals(PrivacyProtocol.REQUEST_OPENED, process.attribute("cloudevents.event_type"));
            assertEquals(consumer + "-system", process.attribute("messaging.consumer.group.name"));
            assertTrue(answer.isChildOf(process), consumer + "'s answer is published in its consumer's trace" + trace);
            assertEquals(PrivacyProtocol.REQUEST_ANSWERED, answer.attribute("cloudevents.event_type"));
        }
    }

    private OtlpReceiver receiver() {
        assumeTrue(platform.traces().isPresent(), "tracing is off in this run (-Dsystemtests.tracing=false)");
        return platform.traces().orElseThrow();
    }

    private static ReceivedSpan awaitSpan(OtlpReceiver traces, String traceId, String service, OtlpReceiver.Kind kind)
            throws InterruptedException {
        return traces.awaitSpan(span -> inTrace(span, traceId, service, kind), WAIT);
    }

    private static boolean inTrace(ReceivedSpan span, String traceId, String service, OtlpReceiver.Kind kind) {
        return span.traceId().equals(traceId) && service.equals(span.service()) && span.kind() == kind;
    }

    /** The span ids above {@code span} in its trace, nearest first. */
    private static List<String> ancestors(ReceivedSpan span, List<ReceivedSpan> trace) {
        List<String> ancestors = new ArrayList<>();
        String parent = span.parentSpanId();
        while (!parent.isEmpty() && !ancestors.contains(parent)) {
            ancestors.add(parent);
            String current = parent;
            parent = trace.stream().filter(s -> s.spanId().equals(current)).map(ReceivedSpan::parentSpanId)
                    .findFirst().orElse("");
        }
        return ancestors;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null ? null
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
