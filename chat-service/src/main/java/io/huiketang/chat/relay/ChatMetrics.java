package io.huiketang.chat.relay;

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

    ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void connections(Supplier<Number> open) {
        Gauge.builder("huiketang.chat.connections", open).description("Open chat connections on this replica")
                .register(registry);
    }

    void relayed(String type) {
        relayed.computeIfAbsent(type, t -> Counter.builder("huiketang.chat.frames.relayed").tag("type", t)
                .description("Frames relayed to a meeting's connections").register(registry)).increment();
    }

    void refused(String reason) {
        refused.computeIfAbsent(reason, r -> Counter.builder("huiketang.chat.frames.refused").tag("reason", r)
                .description("Frames refused with an error frame, or connections closed for a limit").register(registry))
                .increment();
    }
}
