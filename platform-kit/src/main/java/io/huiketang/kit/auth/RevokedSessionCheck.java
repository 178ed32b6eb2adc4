package io.huiketang.kit.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/** Refuses a valid token whose session has been revoked, before it expires. */
@ApplicationScoped
public class RevokedSessionCheck implements SecurityIdentityAugmentor {

    private final RevokedSessions revokedSessions;

    RevokedSessionCheck(RevokedSessions revokedSessions) {
        this.revokedSessions = revokedSessions;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String session = token.getClaim(Caller.Claims.SESSION);
        if (session == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token without a session"));
        }
        return revokedSessions.isRevoked(session).onItem().transform(revoked -> {
            if (revoked) {
                throw new AuthenticationFailedException("session revoked");
            }
            return identity;
        });
    }
}
