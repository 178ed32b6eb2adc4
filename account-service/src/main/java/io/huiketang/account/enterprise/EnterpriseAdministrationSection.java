package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.account.invitation.Invitation;
import io.huiketang.account.sso.SsoConfiguration;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.privacy.PersonalDataSection;

/**
 * What a person did for enterprises, where the records name them: the enterprises they registered
 * (with the contact details given, ACC-3), the admin rights they granted, the SSO configurations they
 * last changed and the invitations they sent. These records belong to the enterprises: erasure keeps
 * them, and they then refer to the anonymised account (invitations lose the reference, see
 * {@code InvitationDataSection}). The data map declares each kept column with its reason.
 */
@ApplicationScoped
public class EnterpriseAdministrationSection implements PersonalDataSection {

    public record CreatedEnterprise(String id, String name, String contactName, String contactPhone,
            String contactEmail, Instant createdAt) {
    }

    public record AdminGrant(String enterpriseId, String accountId, Instant grantedAt) {
    }

    public record SsoConfigurationChange(String enterpriseId, Instant updatedAt) {
    }

    public record SentInvitation(String invitationId, String enterpriseId, String status, Instant createdAt) {
    }

    public record Export(List<CreatedEnterprise> enterprisesCreated, List<AdminGrant> adminGrantsMade,
            List<SsoConfigurationChange> ssoConfigurationsUpdated, List<SentInvitation> invitationsSent) {
    }

    private final ObjectMapper json;
    private final SensitiveFields sensitive;

    EnterpriseAdministrationSection(ObjectMapper json, SensitiveFields sensitive) {
        this.json = json;
        this.sensitive = sensitive;
    }

    @Override
    public String name() {
        return "enterpriseAdministration";
    }

    @Override
    public JsonNode export(UUID accountId) {
        return json.valueToTree(new Export(
                Enterprise.<Enterprise>list("createdBy = ?1 order by createdAt", accountId).stream()
                        .map(e -> new CreatedEnterprise(e.id.toString(), e.name, e.contactName,
                                sensitive.decrypt(e.contactPhoneCipher), e.contactEmail, e.createdAt))
                        .toList(),
                Admin.<Admin>list("grantedBy = ?1 order by grantedAt", accountId).stream()
                        .map(a -> new AdminGrant(a.enterpriseId.toString(), a.accountId.toString(), a.grantedAt))
                        .toList(),
                SsoConfiguration.<SsoConfiguration>list("updatedBy", accountId).stream()
                        .map(s -> new SsoConfigurationChange(s.enterpriseId.toString(), s.updatedAt)).toList(),
                Invitation.<Invitation>list("invitedBy = ?1 order by createdAt", accountId).stream()
                        .map(i -> new SentInvitation(i.id.toString(), i.enterpriseId.toString(), i.status.name(),
                                i.createdAt))
                        .toList()));
    }

    /** Kept: the enterprises' records (see the data map's reasons); nothing to erase here. */
    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of();
    }
}
