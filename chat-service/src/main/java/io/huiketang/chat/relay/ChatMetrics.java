package io.huiketang.chat.relay;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The relay's metrics; labels are frame types and refusal reasons only, never a meeting, a person or
 * anything of a message.
 */
@ApplicationScoped
public class ChatMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> relayed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> refused = new ConcurrentHashMap<>();

    /** The refusals a sender can meet (error frames' codes, the send queue, the upgrade's reasons seen most). */
    static final List<String> REFUSALS = List.of("invalid-frame", "unknown-type", "unsupported-version", "frame-too-large",
            "rate-limited", "binary-not-supported", "picture-too-large", "picture-type-not-allowed", "too-many-pictures",
            "unavailable", "send-queue-full");

    ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Exported from the start, at zero: dashboards show 0 rather than "no data", and a rate over a
        // series that appears only with its first frame misses that frame
        for (String type : List.of(Frames.TEXT, Frames.PICTURE_CHUNK, Frames.TYPING, Frames.ACK)) {
            relayedCounter(type);
        }
        REFUSALS.forEach(this::refusedCounter);
    }

    void connections(Supplier<Number> open) {
        Gauge.builder("huiketang.chat.connections", open).description("Open chat connections on this replica")
                .register(registry);
    }

    void relayed(String type) {
        relayedCounter(type).increment();
    }

    void refused(String reason) {
        refusedCounter(reason).increment();
    }

    private Counter relayedCounter(String type) {
        return relayed.computeIfAbsent(type, t -> Counter.builder("huiketang.chat.frames.relayed").tag("type", t)
                .description("Frames relayed to a meeting's connections").register(registry));
    }

    private Counter refusedCounter(String reason) {
        return refused.computeIfAbsent(reason, r -> Counter.builder("huiketang.chat.frames.refused").tag("reason", r)
                .description("Frames refused with an error frame, or connections closed for a limit").register(registry));
    }
}
