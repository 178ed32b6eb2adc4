package io.huiketang.account.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.account.metrics.AccountMetrics;
import io.huiketang.account.AccountProblems;
import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.kit.auth.RevokedSessions;
import io.huiketang.kit.outbox.Outbox;

/**
 * Login sessions and their rotating refresh tokens. A refresh token is spent at its first use;
 * presenting a spent one means it was copied, so the whole session ends (reuse detection).
 */
@ApplicationScoped
public class Sessions {

    public enum RevokeReason {
        LOGOUT, LOGOUT_ALL, REFRESH_TOKEN_REUSED, ACCOUNT_CANCELLED, GUARDIAN_CONSENT_RECORDED, ACCOUNT_SUSPENDED
    }

    private final SecureRandom random = new SecureRandom();
    private final AccessTokens accessTokens;
    private final RevokedSessions revokedSessions;
    private final Outbox outbox;
    private final TokensConfig config;
    private final PolicyVersions policies;

    private final AccountMetrics metrics;

    Sessions(AccessTokens accessTokens, RevokedSessions revokedSessions, Outbox outbox, TokensConfig config,
            PolicyVersions policies, AccountMetrics metrics) {
        this.metrics = metrics;
        this.policies = policies;
        this.accessTokens = accessTokens;
        this.revokedSessions = revokedSessions;
        this.outbox = outbox;
        this.config = config;
    }

    /** Opens a session for a person who just proved who they are. */
    @Transactional
    public TokenPair open(Account account, String authMethod) {
        Instant now = Instant.now();
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.accountId = account.id;
        session.authMethod = authMethod;
        session.createdAt = now;
        session.lastUsedAt = now;
        session.persist();
        metrics.loggedIn(authMethod);
        return tokens(account, session, now);
    }

    /**
     * Spends a refresh token for a new pair; a spent, unknown or expired one is refused. Spending
     * is one conditional UPDATE: of simultaneous requests with the same token exactly one changes
     * the row, and every other one is a reuse (PostgreSQL re-checks {@code used_at} once the
     * winner commits), which ends the session. A suspended account's refresh is refused, and
     * any session of it still open is ended.
     */
    @Transactional(dontRollbackOn = io.huiketang.kit.problem.ProblemException.class)
    public TokenPair refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw AccountProblems.invalidRefreshToken();
        }
        String tokenHash = hash(refreshToken);
        RefreshToken stored = RefreshToken.findById(tokenHash);
        if (stored == null) {
            throw AccountProblems.invalidRefreshToken();
        }
        Instant now = Instant.now();
        if (stored.usedAt == null && stored.expiresAt.isBefore(now)) {
            throw AccountProblems.invalidRefreshToken();
        }
        int spent = RefreshToken.update("usedAt = ?1 where tokenHash = ?2 and usedAt is null", now, tokenHash);
        if (spent == 0) {
            // Someone holds a copy of a token that was already exchanged: end the session for both
            revoke(Session.<Session>findById(stored.sessionId), RevokeReason.REFRESH_TOKEN_REUSED);
            throw AccountProblems.invalidRefreshToken();
        }
        Session session = Session.findById(stored.sessionId);
        Account account = Account.findById(session.accountId);
        if (account.status == AccountStatus.SUSPENDED) {
            // A session opened while the suspension was under way may have escaped it: not any more
            for (Session open : Session.<Session>list("accountId = ?1 and revokedAt is null", account.id)) {
                revoke(open, RevokeReason.ACCOUNT_SUSPENDED);
            }
            throw AccountProblems.accountSuspended();
        }
        if (session.isRevoked()) {
            throw AccountProblems.invalidRefreshToken();
        }
        session.lastUsedAt = now;
        return tokens(account, session, now);
    }

    /** A new access token for a session whose account changed (e.g. a guardian consented). */
    @Transactional
    public TokenPair reissue(Account account, UUID sessionId) {
        Session session = Session.findById(sessionId);
        RefreshToken.update("usedAt = ?1 where sessionId = ?2 and usedAt is null", Instant.now(), sessionId);
        return tokens(account, session, Instant.now());
    }

    @Transactional
    public void revoke(UUID sessionId, RevokeReason reason) {
        Session session = Session.findById(sessionId);
        if (session != null) {
            revoke(session, reason);
        }
    }

    @Transactional
    public void revokeAll(UUID accountId, RevokeReason reason) {
        List<Session> open = Session.list("accountId = ?1 and revokedAt is null", accountId);
        for (Session session : open) {
            revoke(session, reason);
        }
    }

    private void revoke(Session session, RevokeReason reason) {
        if (session.isRevoked()) {
            return;
        }
        Instant now = Instant.now();
        session.revokedAt = now;
        session.revokeReason = reason.name();
        // Listed before the commit: if the transaction then fails, the session is refused a little early, never late
        revokedSessions.revoke(session.id.toString(), config.accessTokenLifetime().plus(Duration.ofMinutes(1)))
                .await().atMost(Duration.ofSeconds(5));
        outbox.publish(AccountEvents.TOPIC, "account", session.accountId.toString(), AccountEvents.SESSION_REVOKED,
                new AccountEvents.SessionRevoked(session.accountId.toString(), session.id.toString(), reason.name(),
                        now.toString()));
    }

    private TokenPair tokens(Account account, Session session, Instant now) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        RefreshToken stored = new RefreshToken();
        stored.tokenHash = hash(refreshToken);
        stored.sessionId = session.id;
        stored.issuedAt = now;
        stored.expiresAt = now.plus(config.refreshTokenLifetime());
        stored.persist();
        return new TokenPair(accessTokens.issue(account, session.id), "Bearer",
                config.accessTokenLifetime().toSeconds(), refreshToken, config.refreshTokenLifetime().toSeconds(),
                session.id.toString(), account.status.name(), policies.standingOf(account.id));
    }

    static String hash(String refreshToken) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(refreshToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
