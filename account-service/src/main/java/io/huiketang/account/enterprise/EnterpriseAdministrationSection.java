package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.invitation.Invitation;
import io.huiketang.account.sso.SsoConfiguration;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.ErasureReceipt;
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
    private final Outbox outbox;

    EnterpriseAdministrationSection(ObjectMapper json, SensitiveFields sensitive, Outbox outbox) {
        this.outbox = outbox;
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

    /**
     * Kept: the enterprises' records (see the data map's reasons); nothing to erase here. The
     * contact details the person gave when registering an enterprise name them, so each such
     * enterprise is marked for its admins to replace the contact (shown in its GET, and announced
     * with contact-replacement-required for a notice to them).
     */
    @Override
    public Map<String, Long> erase(UUID accountId) {
        Instant now = Instant.now();
        for (Enterprise enterprise : Enterprise.<Enterprise>list("createdBy = ?1 and contactReplacementRequiredAt is null",
                accountId)) {
            enterprise.contactReplacementRequiredAt = now;
            String id = enterprise.id.toString();
            outbox.publish(AccountEvents.TOPIC, "enterprise", id, AccountEvents.CONTACT_REPLACEMENT_REQUIRED,
                    new AccountEvents.ContactReplacementRequired(id, "CONTACT_ERASED", now.toString()));
        }
        return Map.of();
    }

    /** What the receipt states: each enterprise's contact details kept as its business record, with no end date. */
    @Override
    public List<ErasureReceipt.LegalHold> legalHolds(UUID accountId) {
        return Enterprise.<Enterprise>list("createdBy = ?1 order by createdAt", accountId).stream()
                .map(e -> new ErasureReceipt.LegalHold("enterprise/" + e.id + "/contact",
                        "kept as the enterprise's business record of its registered contact (ACC-3), which the "
                                + "enterprise holds for its contract with the platform (PIPL art. 13(1)(2)); the "
                                + "enterprise's admins are asked to replace the contact; no end date until they do",
                        null))
                .toList();
    }
}
