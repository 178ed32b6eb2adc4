package io.huiketang.account.invitation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.account.account.Account;
import io.huiketang.account.enterprise.Enterprise;
import io.huiketang.kit.privacy.PersonalDataSection;
import io.huiketang.kit.crypto.SensitiveFields;
import io.quarkus.panache.common.Parameters;

/**
 * Invitations addressed to a person: to their mobile number (found by its keyed hash), to their
 * verified e-mail address, or answered by them. Erasure deletes those; invitations the person sent
 * as an admin stay with the enterprise, without the reference to them.
 */
@ApplicationScoped
public class InvitationDataSection implements PersonalDataSection {

    public record ReceivedInvitation(String enterpriseId, String enterpriseName, String phone, String email,
            String name, String status, Instant createdAt, Instant expiresAt, Instant closedAt) {
    }

    /** A query for the invitations addressed to or answered by one person. */
    private record AddressedTo(String query, Parameters parameters) {
    }

    private final ObjectMapper json;
    private final SensitiveFields sensitive;

    InvitationDataSection(ObjectMapper json, SensitiveFields sensitive) {
        this.json = json;
        this.sensitive = sensitive;
    }

    @Override
    public String name() {
        return "enterpriseInvitations";
    }

    @Override
    public JsonNode export(UUID accountId) {
        AddressedTo addressed = addressedTo(accountId);
        List<ReceivedInvitation> received = Invitation.<Invitation>list(addressed.query(), addressed.parameters())
                .stream()
                .map(i -> new ReceivedInvitation(i.enterpriseId.toString(),
                        Enterprise.<Enterprise>findById(i.enterpriseId).name, sensitive.decrypt(i.phoneCipher),
                        i.email, i.inviteeName, i.status.name(), i.createdAt, i.expiresAt, i.closedAt))
                .toList();
        return json.valueToTree(received);
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        Map<String, Long> affected = new LinkedHashMap<>();
        AddressedTo addressed = addressedTo(accountId);
        affected.put("invitation", Invitation.delete(addressed.query(), addressed.parameters()));
        affected.put("invitation.invited_by", (long) Invitation.update("invitedBy = null where invitedBy = ?1", accountId));
        return affected;
    }

    /** Before the account: its number's hash finds the invitations, and answered_by references it. */
    @Override
    public int eraseOrder() {
        return -100;
    }

    private static AddressedTo addressedTo(UUID accountId) {
        Account account = Account.findById(accountId);
        StringBuilder query = new StringBuilder("answeredBy = :account");
        Parameters parameters = Parameters.with("account", accountId);
        if (account != null && account.phoneHash != null) {
            query.append(" or phoneHash = :phoneHash");
            parameters.and("phoneHash", account.phoneHash);
        }
        if (account != null && account.emailVerified && account.email != null) {
            query.append(" or lower(email) = lower(:email)");
            parameters.and("email", account.email);
        }
        return new AddressedTo(query.toString(), parameters);
    }
}
