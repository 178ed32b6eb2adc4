package io.huiketang.kit.auth;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.huiketang.kit.problem.ProblemException;

/**
 * Who is calling, from the platform's verified access token: the one place services read claims.
 */
@RequestScoped
public class Caller {

    /** Claims of the platform's access tokens, shared by the issuer (account-service) and every verifier. */
    public static final class Claims {
        public static final String SESSION = "sid";
        public static final String STATUS = "status";
        public static final String ROLES = "roles";
        public static final String ENTERPRISES = "enterprises";
        public static final String ADMIN_OF = "admin_of";
        /** When the token was issued, in epoch milliseconds ({@code iat} has whole seconds only): see {@link StaleTokens}. */
        public static final String ISSUED_AT_MS = "iat_ms";

        private Claims() {
        }
    }

    /** Status of an account whose tokens allow everything a person may do. */
    public static final String ACTIVE = "ACTIVE";

    @Inject
    JsonWebToken token;

    public boolean isAuthenticated() {
        return token != null && token.getSubject() != null;
    }

    public UUID accountId() {
        requireAuthenticated();
        return UUID.fromString(token.getSubject());
    }

    public String sessionId() {
        requireAuthenticated();
        return token.getClaim(Claims.SESSION);
    }

    public String status() {
        requireAuthenticated();
        return token.getClaim(Claims.STATUS);
    }

    public Set<String> enterprises() {
        return stringSet(Claims.ENTERPRISES);
    }

    public boolean isAdminOf(UUID enterpriseId) {
        return stringSet(Claims.ADMIN_OF).contains(enterpriseId.toString());
    }

    /** Refuses callers whose account may not use the service yet (a child awaiting guardian consent, ACC-10). */
    public void requireActive() {
        if (!ACTIVE.equals(status())) {
            throw ProblemException.forbidden("This account cannot do this until a guardian has consented.");
        }
    }

    private void requireAuthenticated() {
        if (!isAuthenticated()) {
            throw ProblemException.unauthorized("A valid access token is required.");
        }
    }

    private Set<String> stringSet(String claim) {
        requireAuthenticated();
        Object value = token.getClaim(claim);
        if (value instanceof Collection<?> values) {
            return Set.copyOf(values.stream().map(v -> v.toString().replace("\"", "")).toList());
        }
        return Set.copyOf(List.of());
    }
}
