package io.huiketang.account.sso;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.account.AgeBracket;
import io.huiketang.account.enterprise.Enterprise;
import io.huiketang.account.enterprise.Member;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.metrics.AccountMetrics;
import io.huiketang.account.token.Sessions;
import io.huiketang.account.token.TokenPair;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.kit.problem.ProblemException;

/**
 * Turns a person verified by their enterprise's provider into an account and a member of that
 * enterprise, at their first login, and opens a session for them at every login.
 */
@ApplicationScoped
public class JustInTimeProvisioning {

    /** @param newAccount this login created the account */
    public record LoggedIn(UUID accountId, UUID enterpriseId, boolean newAccount, TokenPair tokens) {
    }

    private final SensitiveFields sensitive;
    private final Sessions sessions;
    private final Outbox outbox;
    private final PolicyVersions policies;

    private final AccountMetrics metrics;

    JustInTimeProvisioning(SensitiveFields sensitive, Sessions sessions, Outbox outbox, PolicyVersions policies,
            AccountMetrics metrics) {
        this.metrics = metrics;
        this.policies = policies;
        this.sensitive = sensitive;
        this.sessions = sessions;
        this.outbox = outbox;
    }

    /**
     * The person is known by (issuer, subject) within this enterprise: an identity of one
     * enterprise's provider never reaches an account provisioned for another enterprise.
     *
     * @param email already checked against the enterprise's verified domains
     */
    @Transactional
    public LoggedIn login(UUID enterpriseId, String issuer, String subject, String email, String displayName,
            String policyVersion) {
        Instant now = Instant.now();
        String subjectHash = sensitive.lookupHash(issuer + "\n" + subject);
        SsoIdentity identity = SsoIdentity.find(enterpriseId, subjectHash);
        boolean newAccount = identity == null;
        Account account;
        if (newAccount) {
            account = register(Enterprise.findById(enterpriseId), displayName, policyVersion, now);
            identity = new SsoIdentity();
            identity.enterpriseId = enterpriseId;
            identity.subjectHash = subjectHash;
            identity.issuer = issuer;
            identity.accountId = account.id;
            identity.linkedAt = now;
        } else {
            account = Account.findById(identity.accountId);
            if (account.status == AccountStatus.CANCELLED) {
                throw ProblemException.forbidden("The account linked to this identity has been cancelled.");
            }
        }
        identity.email = email;
        identity.lastLoginAt = now;
        try {
            identity.persistAndFlush();
        } catch (PersistenceException e) {
            // The same person's first login, twice at once: the other one created the account
            throw ProblemException.conflict("This person's first login is already under way; log in again.");
        }
        if (Member.find(enterpriseId, account.id) == null) {
            join(enterpriseId, account.id, email, now);
        }
        return new LoggedIn(account.id, enterpriseId, newAccount, sessions.open(account, "SSO"));
    }

    /**
     * The provider vouches for an employee of the enterprise and gives no birth date: the account
     * is an adult's and active at once (no guardian consent applies to a workforce identity).
     */
    private Account register(Enterprise enterprise, String displayName, String policyVersion, Instant now) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.displayName = displayName;
        account.status = AccountStatus.ACTIVE;
        account.ageBracket = AgeBracket.ADULT;
        account.residencyRegion = enterprise.residencyRegion;
        account.createdAt = now;
        account.updatedAt = now;
        account.persist();
        metrics.registered("SSO");
        String id = account.id.toString();
        outbox.publish(AccountEvents.TOPIC, "account", id, AccountEvents.ACCOUNT_REGISTERED,
                new AccountEvents.AccountRegistered(id, account.status.name(), account.ageBracket.name(), "SSO",
                        account.residencyRegion, now.toString()));
        policies.accepted(account, policyVersion, PolicyVersions.Channel.SSO, null, "SSO");
        return account;
    }

    private void join(UUID enterpriseId, UUID accountId, String email, Instant now) {
        Member member = new Member();
        member.enterpriseId = enterpriseId;
        member.accountId = accountId;
        member.companyEmail = email;
        member.joinedVia = Member.JoinedVia.SSO;
        member.joinedAt = now;
        member.persist();
        outbox.publish(AccountEvents.TOPIC, "enterprise", enterpriseId.toString(), AccountEvents.MEMBER_JOINED,
                new AccountEvents.MemberJoined(enterpriseId.toString(), accountId.toString(),
                        Member.JoinedVia.SSO.name(), now.toString()));
    }
}
