package io.huiketang.account.account;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.huiketang.account.events.AccountEvents;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.PersonalDataSection;

/**
 * The account row itself. Erasure anonymises it rather than deleting it: its id stays, because
 * sessions' history, enterprises (created_by), memberships and admin grants refer to it; every
 * personal column is cleared and the number's hash removed, so the number can register again.
 * Runs last and then announces the account deleted.
 */
@ApplicationScoped
public class AccountPersonalData implements PersonalDataSection {

    /** The name an erased account shows wherever it is still referenced. */
    public static final String ERASED_NAME = "已注销用户";

    public record AccountExport(String id, String displayName, String phone, String email, boolean emailVerified,
            String avatarUrl, String status, String ageBracket, String birthDate, String residencyRegion,
            String policyVersion, Instant policyAcceptedAt, Instant createdAt, Instant updatedAt) {
    }

    private final SensitiveFields sensitive;
    private final ObjectMapper json;
    private final Outbox outbox;

    AccountPersonalData(SensitiveFields sensitive, ObjectMapper json, Outbox outbox) {
        this.sensitive = sensitive;
        this.json = json;
        this.outbox = outbox;
    }

    @Override
    public String name() {
        return "account";
    }

    @Override
    public JsonNode export(UUID accountId) {
        Account account = Account.findById(accountId);
        if (account == null) {
            return NullNode.instance;
        }
        return json.valueToTree(new AccountExport(account.id.toString(), account.displayName,
                sensitive.decrypt(account.phoneCipher), account.email, account.emailVerified, account.avatarUrl,
                account.status.name(), account.ageBracket.name(), sensitive.decrypt(account.birthDateCipher),
                account.residencyRegion, account.policyVersion, account.policyAcceptedAt, account.createdAt,
                account.updatedAt));
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        Account account = Account.findById(accountId);
        if (account == null) {
            return Map.of("account", 0L);
        }
        account.displayName = ERASED_NAME;
        account.phoneCipher = null;
        account.phoneHash = null;
        account.email = null;
        account.emailVerified = false;
        account.avatarUrl = null;
        account.birthDateCipher = null;
        account.policyVersion = null;
        account.policyAcceptedAt = null;
        account.status = AccountStatus.CANCELLED;
        account.updatedAt = Instant.now();
        outbox.publish(AccountEvents.TOPIC, "account", accountId.toString(), AccountEvents.ACCOUNT_DELETED,
                new AccountEvents.AccountDeleted(accountId.toString(), account.updatedAt.toString()));
        return Map.of("account", 1L);
    }

    /** Last: every other section refers to the account. */
    @Override
    public int eraseOrder() {
        return 1000;
    }
}
