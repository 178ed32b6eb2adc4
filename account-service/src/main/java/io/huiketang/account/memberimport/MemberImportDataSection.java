package io.huiketang.account.memberimport;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.PersonalDataSection;

/**
 * The attestations a person made as an enterprise admin. Erasure keeps each attestation (the
 * enterprise's evidence that it obtained consent, ACC-6) but removes who made it: what remains
 * says an administrator of that enterprise attested, when, to which fields and purpose.
 */
@ApplicationScoped
public class MemberImportDataSection implements PersonalDataSection {

    public record Attestation(String enterpriseId, Instant attestedAt, List<String> fields, String purpose,
            int rowCount) {
    }

    private final ObjectMapper json;

    MemberImportDataSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "memberImportAttestations";
    }

    @Override
    public JsonNode export(UUID accountId) {
        return json.valueToTree(MemberImport.<MemberImport>list("attestedBy", accountId).stream()
                .map(i -> new Attestation(i.enterpriseId.toString(), i.attestedAt, List.of(i.fields), i.purpose,
                        i.rowCount))
                .toList());
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("member_import", (long) MemberImport.update("attestedBy = null where attestedBy = ?1", accountId));
    }

    /** Before the account: attested_by references it. */
    @Override
    public int eraseOrder() {
        return -100;
    }
}
