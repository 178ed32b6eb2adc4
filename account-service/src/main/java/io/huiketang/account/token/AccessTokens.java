package io.huiketang.account.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.AccountProblems;
import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.kit.auth.Caller;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Signs the platform's ES256 access tokens (ACC-11). */
@ApplicationScoped
public class AccessTokens {

    private final SigningKeys keys;
    private final TokensConfig config;
    private final EnterpriseRoles enterprises;
    private final PolicyVersions policies;

    AccessTokens(SigningKeys keys, TokensConfig config, EnterpriseRoles enterprises, PolicyVersions policies) {
        this.keys = keys;
        this.config = config;
        this.enterprises = enterprises;
        this.policies = policies;
    }

    /**
     * A token stating the account's rights as the database holds them now. The issue time is taken
     * before they are read, so a token is never newer than its claims: a rights change committed
     * after that moment marks it stale ({@link RightsChanges}), one committed before is in it.
     */
    public String issue(Account account, UUID sessionId) {
        return issue(account, sessionId, config.accessTokenLifetime(), null);
    }

    /**
     * A step-up token (RFC 9470): the account's usual claims, plus {@code acr} {@code otp} and
     * {@code auth_time}, the moment a fresh one-time code was proven, for {@code lifetime}.
     */
    public String issueStepUp(Account account, UUID sessionId, Instant provenAt, Duration lifetime) {
        return issue(account, sessionId, lifetime, provenAt);
    }

    private String issue(Account account, UUID sessionId, Duration lifetime, Instant provenAt) {
        Instant now = Instant.now();
        // Read again rather than taken from the entity, which the caller may have loaded before now
        AccountStatus status = Account.getEntityManager()
                .createQuery("select a.status from Account a where a.id = :id", AccountStatus.class)
                .setParameter("id", account.id).getSingleResult();
        if (status == AccountStatus.SUSPENDED) {
            throw AccountProblems.accountSuspended();
        }
        List<String> memberOf = enterprises.memberOf(account.id).stream().map(UUID::toString).toList();
        List<String> adminOf = enterprises.adminOf(account.id).stream().map(UUID::toString).toList();
        List<String> roles = new ArrayList<>(List.of("user"));
        if (!adminOf.isEmpty()) {
            roles.add("enterprise_admin");
        }
        PolicyVersions.Standing policy = policies.standingOf(account.id);
        SigningKeys.ActiveKey key = keys.active();
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .subject(account.id.toString())
                .audience(config.audience())
                .issuedAt(now)
                .claim(Caller.Claims.ISSUED_AT_MS, now.toEpochMilli())
                .expiresAt(now.plus(lifetime))
                .claim("jti", UUID.randomUUID().toString())
                .claim(Caller.Claims.SESSION, sessionId.toString())
                .claim(Caller.Claims.STATUS, status.name())
                .claim(Caller.Claims.ROLES, roles)
                .claim(Caller.Claims.ENTERPRISES, memberOf)
                .claim(Caller.Claims.ADMIN_OF, adminOf);
        if (policy.acceptanceRequired()) {
            // Only when true: every service refuses a defined set of actions until the person accepts
            claims.claim(Caller.Claims.POLICY_ACCEPTANCE_REQUIRED, true)
                    .claim(Caller.Claims.POLICY_VERSION_REQUIRED, policy.currentVersion());
        }
        if (provenAt != null) {
            claims.claim(Caller.Claims.ACR, Caller.ACR_OTP).claim(Caller.Claims.AUTH_TIME, provenAt.getEpochSecond());
        }
        return claims.jws().keyId(key.kid()).algorithm(SignatureAlgorithm.ES256)
                .sign(key.privateKey());
    }
}
