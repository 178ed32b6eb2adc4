package io.huiketang.kit.auth;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Refuses a valid token before it expires when its session was revoked ({@link RevokedSessions}: a
 * logout) or its account's rights changed after it was issued ({@link StaleTokens}), so both take
 * effect on the next request to any service. Both keys are read in one round trip. When Redis
 * cannot answer, the request fails closed: {@link TokenChecksUnavailableException}, a 503 problem.
 */
@ApplicationScoped
public class TokenRevocationCheck implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(TokenRevocationCheck.class);

    private final ReactiveValueCommands<String, String> values;
    private final TokenChecksConfig config;

    TokenRevocationCheck(ReactiveRedisDataSource redis, TokenChecksConfig config) {
        this.values = redis.value(String.class);
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String session = token.getClaim(Caller.Claims.SESSION);
        String account = token.getSubject();
        if (session == null || account == null || !isUuid(account)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token without a session or subject"));
        }
        String revokedKey = RevokedSessions.key(session);
        String staleKey = StaleTokens.key(account);
        return values.mget(revokedKey, staleKey)
                .ifNoItem().after(config.checkTimeout()).fail()
                .onFailure().transform(failure -> {
                    // No token, account id or session id in the log: they identify a person
                    LOG.warnf("Token checks unavailable (Redis): %s", failure.toString());
                    return new TokenChecksUnavailableException(failure);
                })
                .onItem().transform(found -> {
                    if (found.get(revokedKey) != null) {
                        throw new AuthenticationFailedException("session revoked");
                    }
                    if (issuedAtOrBefore(token, found, staleKey)) {
                        throw StaleTokenException.refusal();
                    }
                    return identity;
                });
    }

    private static boolean issuedAtOrBefore(JsonWebToken token, Map<String, String> found, String staleKey) {
        String changedAt = found.get(staleKey);
        if (changedAt == null) {
            return false;
        }
        // At or before: a token issued in the very millisecond of the change may state the old rights
        return issuedAtMillis(token) <= Long.parseLong(changedAt);
    }

    /**
     * When the token was issued, in milliseconds ({@code iat_ms}); a token without it (issued before
     * the claim existed) falls back to {@code iat}, whose whole seconds can only make it look older.
     */
    static long issuedAtMillis(JsonWebToken token) {
        Object millis = token.getClaim(Caller.Claims.ISSUED_AT_MS);
        if (millis instanceof Number number) {
            return number.longValue();
        }
        if (millis instanceof JsonNumber number) {
            return number.longValue();
        }
        if (millis instanceof JsonString text) {
            return Long.parseLong(text.getString());
        }
        return token.getIssuedAtTime() * 1000;
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
