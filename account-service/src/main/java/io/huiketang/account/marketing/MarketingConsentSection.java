package io.huiketang.account.marketing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.huiketang.kit.privacy.PersonalDataSection;

/** The copy of the person's marketing-sms consent; erasure deletes it (privacy-service keeps the ledger). */
@ApplicationScoped
public class MarketingConsentSection implements PersonalDataSection {

    public record Exported(boolean granted, Instant changedAt) {
    }

    private final ObjectMapper json;

    MarketingConsentSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "marketingConsent";
    }

    @Override
    public JsonNode export(UUID accountId) {
        MarketingConsent consent = MarketingConsent.findById(accountId);
        return consent == null ? NullNode.getInstance() : json.valueToTree(new Exported(consent.granted, consent.changedAt));
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("marketing_consent", MarketingConsent.delete("accountId", accountId));
    }
}
