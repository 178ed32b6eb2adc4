package io.huiketang.kit.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;

/**
 * A second handler on {@link Thing#TOPIC}, beside {@link LedgerHandler}: as account-service keeps
 * policy versions from privacy.events beside platform-kit's PrivacyRequests, each ignoring the
 * other's types. It only counts what reaches it.
 */
@ApplicationScoped
public class ThingWitness implements EventHandler {

    public static final String TYPE = "huiketang.kit-test.thing-witnessed.v1";

    /** Per event id, how often this handler saw it applied (every type on the topic reaches it). */
    public static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

    @Override
    public String topic() {
        return Thing.TOPIC;
    }

    @Override
    public void handle(ConsumedEvent event) {
        SEEN.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    }
}
