package io.huiketang.account.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AgeBracket;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.account.token.EnterpriseRoles;
import io.huiketang.account.wechat.WeChatIdentity;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;

/** The caller's own account: what they see of it, and the announcement of each change (ACC-8). */
@ApplicationScoped
public class Profiles {

    /** What the account may do, from the database (the token may be up to ten minutes older). */
    public record Entitlements(List<String> roles, List<String> enterprises, List<String> adminOf) {
    }

    /** The bound WeChat account as its owner sees it; WeChat's ids are never shown. */
    public record WeChatBinding(String nickname, String avatarUrl, Instant boundAt) {
    }

    public record Profile(String id, String displayName, String phone, String email, boolean emailVerified,
            String avatarUrl, String status, String ageBracket, boolean guardianNoticeRequired,
            String residencyRegion, Instant createdAt, WeChatBinding wechat, Entitlements entitlements,
            PolicyVersions.Standing policy) {
    }

    private final Caller caller;
    private final SensitiveFields sensitive;
    private final EnterpriseRoles enterpriseRoles;
    private final Outbox outbox;
    private final PolicyVersions policies;

    Profiles(Caller caller, SensitiveFields sensitive, EnterpriseRoles enterpriseRoles, Outbox outbox,
            PolicyVersions policies) {
        this.policies = policies;
        this.caller = caller;
        this.sensitive = sensitive;
        this.enterpriseRoles = enterpriseRoles;
        this.outbox = outbox;
    }

    /** The caller's account; only ever their own. */
    public Account current() {
        Account account = Account.findById(caller.accountId());
        if (account == null) {
            throw ProblemException.notFound("This account no longer exists.");
        }
        return account;
    }

    public Profile view(Account account) {
        WeChatIdentity wechat = WeChatIdentity.findById(account.id);
        List<String> enterprises = ids(enterpriseRoles.memberOf(account.id));
        List<String> adminOf = ids(enterpriseRoles.adminOf(account.id));
        List<String> roles = new ArrayList<>(List.of("user"));
        if (!adminOf.isEmpty()) {
            roles.add("enterprise_admin"); // as in the access token
        }
        return new Profile(account.id.toString(), account.displayName, sensitive.decrypt(account.phoneCipher),
                account.email, account.emailVerified, account.avatarUrl, account.status.name(),
                account.ageBracket.name(), account.ageBracket == AgeBracket.TEEN, account.residencyRegion,
                account.createdAt, wechat == null ? null : new WeChatBinding(wechat.nickname, wechat.avatarUrl,
                        wechat.boundAt),
                new Entitlements(roles, enterprises, adminOf), policies.standingOf(account));
    }

    /** Records that the account changed and publishes which fields did (never their values). */
    public void changed(Account account, List<String> fields) {
        Instant now = Instant.now();
        account.updatedAt = now;
        outbox.publish(AccountEvents.TOPIC, "account", account.id.toString(), AccountEvents.ACCOUNT_UPDATED,
                new AccountEvents.AccountUpdated(account.id.toString(), account.status.name(), fields, now.toString()));
    }

    private static List<String> ids(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }
}
