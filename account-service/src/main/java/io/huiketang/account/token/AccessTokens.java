package io.huiketang.account.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.AccountProblems;
import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.kit.auth.Caller;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/** Signs the platform's ES256 access tokens (ACC-11). */
@ApplicationScoped
public class AccessTokens {

    private final SigningKeys keys;
    private final TokensConfig config;
    private final EnterpriseRoles enterprises;

    AccessTokens(SigningKeys keys, TokensConfig config, EnterpriseRoles enterprises) {
        this.keys = keys;
        this.config = config;
        this.enterprises = enterprises;
    }

    /**
     * A token stating the account's rights as the database holds them now. The issue time is taken
     * before they are read, so a token is never newer than its claims: a rights change committed
     * after that moment marks it stale ({@link RightsChanges}), one committed before is in it.
     */
    public String issue(Account account, UUID sessionId) {
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
        SigningKeys.ActiveKey key = keys.active();
        return Jwt.issuer(config.issuer())
                .subject(account.id.toString())
                .audience(config.audience())
                .issuedAt(now)
                .claim(Caller.Claims.ISSUED_AT_MS, now.toEpochMilli())
                .expiresAt(now.plus(config.accessTokenLifetime()))
                .claim("jti", UUID.randomUUID().toString())
                .claim(Caller.Claims.SESSION, sessionId.toString())
                .claim(Caller.Claims.STATUS, status.name())
                .claim(Caller.Claims.ROLES, roles)
                .claim(Caller.Claims.ENTERPRISES, memberOf)
                .claim(Caller.Claims.ADMIN_OF, adminOf)
                .jws().keyId(key.kid()).algorithm(SignatureAlgorithm.ES256)
                .sign(key.privateKey());
    }
}
