package io.huiketang.account.suspension;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.token.RightsChanges;
import io.huiketang.account.token.Sessions;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;

/**
 * The platform suspends an account (fraud, abuse, an authority's order): every session ends, its
 * access tokens are refused by every service on their next request, and it can neither log in nor
 * refresh. There is no HTTP endpoint for it yet: the platform has no staff role whose tokens could
 * be trusted to call one, and an unprotected one would let anybody lock anybody out.
 */
@ApplicationScoped
public class AccountSuspensions {

    private final Sessions sessions;
    private final RightsChanges rightsChanges;
    private final Outbox outbox;

    AccountSuspensions(Sessions sessions, RightsChanges rightsChanges, Outbox outbox) {
        this.sessions = sessions;
        this.rightsChanges = rightsChanges;
        this.outbox = outbox;
    }

    /** Suspends the account (idempotent); a cancelled account cannot be. */
    @Transactional
    public void suspend(UUID accountId) {
        // Locked, so that changes of this account's status happen one after the other
        Account account = Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw ProblemException.notFound("No account with this id exists.");
        }
        if (account.status == AccountStatus.CANCELLED) {
            throw ProblemException.conflict("A cancelled account cannot be suspended.");
        }
        if (account.status == AccountStatus.SUSPENDED) {
            return;
        }
        Instant now = Instant.now();
        account.status = AccountStatus.SUSPENDED;
        account.updatedAt = now;
        outbox.publish(AccountEvents.TOPIC, "account", accountId.toString(), AccountEvents.ACCOUNT_UPDATED,
                new AccountEvents.AccountUpdated(accountId.toString(), account.status.name(), List.of("status"),
                        now.toString()));
        sessions.revokeAll(accountId, Sessions.RevokeReason.ACCOUNT_SUSPENDED);
        // Sessions opened while this commits escape revokeAll; the mark refuses their tokens all the same
        rightsChanges.changed(accountId);
    }
}
