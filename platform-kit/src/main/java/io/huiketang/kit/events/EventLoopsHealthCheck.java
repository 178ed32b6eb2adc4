package io.huiketang.kit.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.huiketang.kit.inbox.InboxConsumer;
import io.huiketang.kit.outbox.OutboxRelay;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Not ready when the outbox relay's or the inbox consumer's thread has ended: the instance would
 * still answer requests while its events pile up unpublished or unconsumed.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class EventLoopsHealthCheck implements HealthCheck {

    private final OutboxRelay relay;
    private final InboxConsumer inbox;

    EventLoopsHealthCheck(OutboxRelay relay, InboxConsumer inbox) {
        this.relay = relay;
        this.inbox = inbox;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("huiketang-event-loops")
                .status(relay.alive() && inbox.alive())
                .withData("outbox-relay", relay.alive() ? "running" : "stopped")
                .withData("inbox-consumer", inbox.alive() ? "running" : "stopped")
                .build();
    }
}
