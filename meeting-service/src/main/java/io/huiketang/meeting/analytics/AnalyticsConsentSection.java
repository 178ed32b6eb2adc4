package io.huiketang.meeting.analytics;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.huiketang.kit.privacy.PersonalDataSection;

/** The copy of the person's analytics consent; erasure deletes it (privacy-service keeps the ledger). */
@ApplicationScoped
public class AnalyticsConsentSection implements PersonalDataSection {

    public record Exported(boolean granted, Instant changedAt) {
    }

    private final ObjectMapper json;

    AnalyticsConsentSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "analyticsConsent";
    }

    @Override
    public JsonNode export(UUID accountId) {
        AnalyticsConsent consent = AnalyticsConsent.findById(accountId);
        return consent == null ? NullNode.getInstance() : json.valueToTree(new Exported(consent.granted, consent.changedAt));
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("analytics_consent", AnalyticsConsent.delete("accountId", accountId));
    }
}
