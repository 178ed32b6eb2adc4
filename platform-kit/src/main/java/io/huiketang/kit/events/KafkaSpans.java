package io.huiketang.kit.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The spans of an event's way through Kafka, so that one trace runs from the request that wrote the
 * event to the handler that applied it: the relay's PRODUCER span, a child of the context the outbox
 * stored with the row, whose own context goes out in the record's {@code traceparent} header; and
 * the consumer's CONSUMER span, a child of that header's context, around applying the event.
 * <p>
 * Attributes follow the OpenTelemetry messaging conventions and name only the topic, the event's id
 * and type, partition and offset: never the key (an aggregate id may be a person's) nor the data.
 * With the SDK disabled the tracer is the no-op one ({@link #tracer}): no span is made, no attribute
 * computed, and a stored context is passed on unchanged.
 */
public final class KafkaSpans {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<String> STORED_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            carrier.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> SET_HEADER = (carrier, key, value) -> {
        carrier.remove(key);
        carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final Tracer tracer;

    public KafkaSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * The tracer for these spans: the one Quarkus made, or with the SDK disabled the API's no-op
     * tracer (Quarkus' disabled SDK still records spans in memory; the no-op one makes no span and
     * only passes a stored context on).
     */
    public static Tracer tracer(Tracer injected, boolean sdkDisabled) {
        return sdkDisabled ? OpenTelemetry.noop().getTracer("io.huiketang.kit") : injected;
    }

    /**
     * Starts the PRODUCER span of sending an outbox row and puts its context in the record's headers,
     * in place of the stored one (so that a consumer's span is the child of this publish).
     *
     * @param storedTraceParent the W3C traceparent stored with the row, or null (a new trace then)
     */
    public Span startSend(ProducerRecord<?, ?> record, String storedTraceParent, String eventId, String eventType) {
        Context parent = storedTraceParent == null ? Context.root()
                : W3C.extract(Context.root(), storedTraceParent, STORED_TRACEPARENT);
        Span span = tracer.spanBuilder("send " + record.topic()).setSpanKind(SpanKind.PRODUCER).setParent(parent)
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, record.topic())
                    .setAttribute(OPERATION_TYPE, "send").setAttribute(OPERATION_NAME, "send")
                    .setAttribute(MESSAGE_ID, eventId).setAttribute(EVENT_TYPE, eventType);
        }
        if (span.getSpanContext().isValid()) {
            W3C.inject(Context.root().with(span), record.headers(), SET_HEADER);
        }
        return span;
    }

    /** Kafka acknowledged the record. */
    public static void sent(Span span, RecordMetadata metadata) {
        if (span.isRecording() && metadata != null) {
            span.setAttribute(PARTITION, Integer.toString(metadata.partition()));
            if (metadata.hasOffset()) {
                span.setAttribute(OFFSET, metadata.offset());
            }
        }
        span.end();
    }

    /** The send or the processing failed: the span says so by the failure's class, never its message. */
    public static void failed(Span span, Throwable failure) {
        if (span.isRecording()) {
            span.setStatus(StatusCode.ERROR).setAttribute(ERROR_TYPE, failure.getClass().getName());
        }
        span.end();
    }

    /**
     * Starts the CONSUMER span of processing a record, a child of the context in its headers (a new
     * trace without one). The caller makes it current around the handlers ({@code span.makeCurrent()}),
     * so that what they write to the outbox continues the trace.
     */
    public Span startProcess(ConsumerRecord<?, ?> record, String consumerGroup, String eventId, String eventType) {
        Context parent = record.headers().lastHeader(TRACEPARENT) == null ? Context.root()
                : W3C.extract(Context.root(), record.headers(), HEADERS);
        Span span = tracer.spanBuilder("process " + record.topic()).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, record.topic())
                    .setAttribute(OPERATION_TYPE, "process").setAttribute(OPERATION_NAME, "process")
                    .setAttribute(CONSUMER_GROUP, consumerGroup)
                    .setAttribute(PARTITION, Integer.toString(record.partition()))
                    .setAttribute(OFFSET, record.offset());
            if (eventId != null) {
                span.setAttribute(MESSAGE_ID, eventId).setAttribute(EVENT_TYPE, eventType);
            }
        }
        return span;
    }
}
