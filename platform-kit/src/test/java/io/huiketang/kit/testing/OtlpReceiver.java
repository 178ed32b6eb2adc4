package io.huiketang.kit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * A real OTLP/HTTP trace receiver for tests: what a collector is to the services. It takes the
 * protobuf export requests ({@code POST /v1/traces}, {@code application/x-protobuf}, gzip or not)
 * that Quarkus' OTLP exporter sends, decodes them with the OpenTelemetry proto classes, and keeps
 * every span for the test to assert on by trace id and parent links. Point a service at it with
 * {@link #config()} (a {@code @QuarkusTest}) or {@link #environment()} (a {@link ServiceProcess}).
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One received span; ids in lower-case hex, {@code parentSpanId} empty for a root span. */
    public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            Kind kind, Map<String, String> attributes) {

        public boolean isChildOf(ReceivedSpan parent) {
            return traceId.equals(parent.traceId) && parentSpanId.equals(parent.spanId);
        }

        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    public enum Kind {
        UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER
    }

    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "otlp-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private int refused;

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts a receiver on a free loopback port. */
    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/v1/traces", receiver::receive);
            server.setExecutor(receiver.threads);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("the OTLP receiver did not start", e);
        }
    }

    /** The exporter's base URL; the exporter adds {@code /v1/traces}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The settings that turn tracing on and export every span here, soon after it ends (a tenth of a
     * second instead of the default five, so that tests need not wait).
     */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.otel.sdk.disabled", "false");
        config.put("quarkus.otel.exporter.otlp.traces.endpoint", endpoint());
        config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        config.put("quarkus.otel.bsp.schedule.delay", "PT0.1S");
        return config;
    }

    /** {@link #config()} as environment variables, for a packaged service. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        config().forEach((property, value) -> env.put(
                property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT), value));
        return env;
    }

    /** Every span received so far. */
    public synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace received so far. */
    public synchronized List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** Export requests answered 415 or 400 (anything but protobuf, or unreadable). */
    public synchronized int refused() {
        return refused;
    }

    /** Waits until a span matching {@code wanted} has arrived, and returns the first one. */
    public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> wanted, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (this) {
            while (true) {
                for (ReceivedSpan span : spans) {
                    if (wanted.test(span)) {
                        return span;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such span within " + atMost + "; received: " + describe(spans));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
                    || !contentType.startsWith("application/x-protobuf")) {
                refuse(exchange, 415);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = body(exchange)) {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (IOException unreadable) {
                refuse(exchange, 400);
                return;
            }
            keep(request);
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream body = exchange.getRequestBody();
        return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
    }

    private synchronized void refuse(HttpExchange exchange, int status) throws IOException {
        refused++;
        exchange.sendResponseHeaders(status, -1);
    }

    private synchronized void keep(ExportTraceServiceRequest request) {
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = attributes(resourceSpans.getResource().getAttributesList()).get("service.name");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
                    spans.add(new ReceivedSpan(service, HEX.formatHex(span.getTraceId().toByteArray()),
                            HEX.formatHex(span.getSpanId().toByteArray()),
                            HEX.formatHex(span.getParentSpanId().toByteArray()), span.getName(),
                            Kind.values()[Math.min(span.getKindValue(), Kind.values().length - 1)],
                            attributes(span.getAttributesList())));
                }
            }
        }
        notifyAll();
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            attributes.put(keyValue.getKey(), text(keyValue.getValue()));
        }
        return attributes;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString().strip();
        };
    }

    /** The received spans, one a line, for a failure message. */
    public static String describe(List<ReceivedSpan> spans) {
        StringBuilder text = new StringBuilder();
        for (ReceivedSpan span : spans) {
            text.append("\n  ").append(span.service()).append(' ').append(span.kind()).append(" '")
                    .append(span.name()).append("' trace=").append(span.traceId()).append(" span=")
                    .append(span.spanId()).append(" parent=").append(span.parentSpanId());
        }
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
