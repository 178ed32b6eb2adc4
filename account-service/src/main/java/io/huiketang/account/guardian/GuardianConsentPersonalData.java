package io.huiketang.account.guardian;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.huiketang.kit.privacy.PersonalDataSection;
import io.huiketang.kit.crypto.SensitiveFields;

/** The guardian's consent on a child's account: the guardian's number (decrypted for the account's owner) and when. */
@ApplicationScoped
public class GuardianConsentPersonalData implements PersonalDataSection {

    public record ConsentExport(String guardianPhone, Instant consentedAt) {
    }

    private final SensitiveFields sensitive;
    private final ObjectMapper json;

    GuardianConsentPersonalData(SensitiveFields sensitive, ObjectMapper json) {
        this.sensitive = sensitive;
        this.json = json;
    }

    @Override
    public String name() {
        return "guardianConsent";
    }

    @Override
    public JsonNode export(UUID accountId) {
        GuardianConsent consent = GuardianConsent.findById(accountId);
        return consent == null ? NullNode.instance
                : json.valueToTree(new ConsentExport(sensitive.decrypt(consent.guardianPhoneCipher), consent.consentedAt));
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("guardian_consent", GuardianConsent.delete("accountId", accountId));
    }

    @Override
    public int eraseOrder() {
        return 10;
    }
}
