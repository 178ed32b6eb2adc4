package io.huiketang.account.sso;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.account.enterprise.Enterprise;
import io.huiketang.kit.privacy.PersonalDataSection;

/** Which enterprises' identity providers a person logs in with, and the e-mail each one asserted. */
@ApplicationScoped
public class SsoIdentitySection implements PersonalDataSection {

    public record LinkedIdentity(String enterpriseId, String enterpriseName, String issuer, String email,
            Instant linkedAt, Instant lastLoginAt) {
    }

    private final ObjectMapper json;

    SsoIdentitySection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "ssoIdentities";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<LinkedIdentity> linked = SsoIdentity.<SsoIdentity>list("accountId", accountId).stream()
                .map(identity -> {
                    Enterprise enterprise = Enterprise.findById(identity.enterpriseId);
                    return new LinkedIdentity(identity.enterpriseId.toString(),
                            enterprise == null ? null : enterprise.name, identity.issuer, identity.email,
                            identity.linkedAt, identity.lastLoginAt);
                }).toList();
        return json.valueToTree(linked);
    }

    @Override
    @Transactional
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("sso_identity", SsoIdentity.delete("accountId", accountId));
    }

    /** The links reference the account and nothing references them: erased before the account itself. */
    @Override
    public int eraseOrder() {
        return 10;
    }
}
