package io.huiketang.account.policy;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.registration.PolicyConfig;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;

/**
 * Keeps the privacy-policy versions privacy-service publishes (policy-published.v1, keyed by the
 * version). It shares {@code privacy.events} with platform-kit's PrivacyRequests: the inbox hands
 * every event of the topic to both, and each ignores the other's types. A version published again
 * (a corrected effective date) replaces the earlier publication; an older publication never
 * replaces a newer one, whatever order Kafka delivers them in.
 */
@ApplicationScoped
public class PolicyPublishedHandler implements EventHandler {

    public static final String POLICY_PUBLISHED = "huiketang.privacy.policy-published.v1";

    /** The event's data, as its schema in platform-kit declares it. */
    public record PolicyPublished(String version, String effectiveAt, String publishedAt, String textSha256,
            boolean reacceptanceRequired) {
    }

    private final PolicyConfig config;

    PolicyPublishedHandler(PolicyConfig config) {
        this.config = config;
    }

    @Override
    public String topic() {
        return config.eventsTopic();
    }

    @Override
    public void handle(ConsumedEvent event) {
        if (!POLICY_PUBLISHED.equals(event.type())) {
            return;
        }
        PolicyPublished published = event.dataAs(PolicyPublished.class);
        Instant publishedAt = Instant.parse(published.publishedAt());
        PolicyVersion version = PolicyVersion.findById(published.version());
        if (version == null) {
            version = new PolicyVersion();
            version.version = published.version();
        } else if (!version.publishedAt.isBefore(publishedAt)) {
            return;
        }
        version.effectiveAt = Instant.parse(published.effectiveAt());
        version.publishedAt = publishedAt;
        version.textSha256 = published.textSha256();
        version.reacceptanceRequired = published.reacceptanceRequired();
        version.receivedAt = Instant.now();
        version.persist();
    }
}
