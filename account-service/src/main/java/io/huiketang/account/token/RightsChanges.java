package io.huiketang.account.token;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import io.huiketang.kit.auth.StaleTokens;
import io.huiketang.kit.persistence.AfterCommit;
import io.huiketang.kit.problem.ProblemException;

/**
 * A person's rights changed (admin right granted or revoked, membership ended, account suspended):
 * the access tokens that state the old rights are refused everywhere on their next request, and a
 * refresh issues one with the current rights. Access tokens carry rights for their whole lifetime,
 * so without this a revoked admin would keep acting as one for up to ten minutes.
 */
@ApplicationScoped
public class RightsChanges {

    private static final Logger LOG = Logger.getLogger(RightsChanges.class);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(5);

    private final StaleTokens staleTokens;
    private final TokensConfig config;
    private final TransactionSynchronizationRegistry transactions;
    private final AfterCommit afterCommit;

    RightsChanges(StaleTokens staleTokens, TokensConfig config, TransactionSynchronizationRegistry transactions,
            AfterCommit afterCommit) {
        this.staleTokens = staleTokens;
        this.config = config;
        this.transactions = transactions;
        this.afterCommit = afterCommit;
    }

    /**
     * Call inside the transaction that changes the account's rights. Marked twice: now, so that a
     * change that cannot be marked is not made (503, rolled back); and again once it has committed,
     * because a refresh running meanwhile still reads the old rights and must not outlive them.
     */
    public void changed(UUID accountId) {
        mark(accountId);
        afterCommitMarks().add(accountId);
    }

    /** The accounts to mark again once this transaction has committed (one synchronisation per transaction). */
    @SuppressWarnings("unchecked")
    private Set<UUID> afterCommitMarks() {
        Object existing = transactions.getResource(this);
        if (existing != null) {
            return (Set<UUID>) existing;
        }
        Set<UUID> accounts = new LinkedHashSet<>();
        transactions.putResource(this, accounts);
        afterCommit.run(() -> {
            for (UUID account : accounts) {
                try {
                    staleTokens.markChanged(account, Instant.now(), lifetime()).await().atMost(REDIS_WAIT);
                } catch (RuntimeException e) {
                    // The mark made before the commit stands; only tokens refreshed meanwhile may keep the old rights
                    LOG.warnf("Stale-token mark after commit failed: %s", e.toString());
                }
            }
        });
        return accounts;
    }

    private void mark(UUID accountId) {
        try {
            staleTokens.markChanged(accountId, Instant.now(), lifetime()).await().atMost(REDIS_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("Stale-token mark failed, the change is not made: %s", e.toString());
            throw ProblemException.serviceUnavailable("This change cannot be made right now; nothing was changed. "
                    + "Retry shortly.", Duration.ofSeconds(5));
        }
    }

    // As long as the longest access token, with a minute for clocks that disagree
    private Duration lifetime() {
        return config.accessTokenLifetime().plus(Duration.ofMinutes(1));
    }
}
