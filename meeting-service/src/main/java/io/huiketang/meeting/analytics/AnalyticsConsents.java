package io.huiketang.meeting.analytics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;
import io.huiketang.kit.privacy.PrivacyProtocol;

/**
 * Each person's analytics consent (PRV-2), from privacy-service's {@code consent-changed} events
 * (once per event: platform-kit's inbox; an older change never overwrites a newer one). Without a
 * choice, analytics is on: the accepted policy covers it (服务优化及安全: operation logs "改善及优化您的服务体验")
 * and the person may withdraw it at any time (6.3); privacy-service's default for the purpose is the same.
 */
@ApplicationScoped
public class AnalyticsConsents implements EventHandler {

    static final String CONSENT_CHANGED = "huiketang.privacy.consent-changed.v1";
    public static final String PURPOSE = "analytics";

    @Override
    public String topic() {
        return PrivacyProtocol.REQUESTS_TOPIC;
    }

    @Override
    public void handle(ConsumedEvent event) {
        if (!CONSENT_CHANGED.equals(event.type())) {
            return;
        }
        JsonNode data = event.data();
        if (!PURPOSE.equals(data.path("purpose").asText())) {
            return;
        }
        UUID accountId = UUID.fromString(data.path("accountId").asText());
        Instant changedAt = OffsetDateTime.parse(data.path("changedAt").asText()).toInstant();
        AnalyticsConsent consent = AnalyticsConsent.findById(accountId);
        if (consent == null) {
            consent = new AnalyticsConsent();
            consent.accountId = accountId;
        } else if (consent.changedAt.isAfter(changedAt)) {
            return;
        }
        consent.granted = data.path("granted").asBoolean(true);
        consent.changedAt = changedAt;
        consent.persist();
    }

    /** Whether analytics data of the person may be processed now. */
    public boolean granted(UUID accountId) {
        AnalyticsConsent consent = AnalyticsConsent.findById(accountId);
        return consent == null || consent.granted;
    }
}
