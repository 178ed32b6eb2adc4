package io.huiketang.kit.auth;

import java.net.URI;
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
        /** Present (true) while the person has not accepted the current privacy policy (PRV-2). */
        public static final String POLICY_ACCEPTANCE_REQUIRED = "policy_acceptance_required";
        /** With {@link #POLICY_ACCEPTANCE_REQUIRED}: the version to accept. */
        public static final String POLICY_VERSION_REQUIRED = "policy_version_required";
        /** RFC 9470: how the person authenticated; {@link Caller#ACR_OTP} on a step-up token. */
        public static final String ACR = "acr";
        /** RFC 9470: when the person last proved who they are (epoch seconds). */
        public static final String AUTH_TIME = "auth_time";

        private Claims() {
        }
    }

    /** Status of an account whose tokens allow everything a person may do. */
    public static final String ACTIVE = "ACTIVE";

    /** The {@code acr} of a token minted right after a fresh one-time code (account-service's step-up). */
    public static final String ACR_OTP = "otp";

    /** The problem type of an action refused until the person accepts the current privacy policy. */
    public static final URI POLICY_ACCEPTANCE_REQUIRED = URI.create("https://huiketang.io/problems/policy-acceptance-required");

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

    /**
     * Refuses an action that needs the current privacy policy accepted (PRV-2), as the token states
     * it: account-service marks tokens of people who accepted an older version. Reading one's own
     * data, accepting, exporting, cancelling and privacy requests must never call this.
     */
    public void requirePolicyAccepted() {
        requireAuthenticated();
        if (Boolean.parseBoolean(String.valueOf((Object) token.getClaim(Claims.POLICY_ACCEPTANCE_REQUIRED)))) {
            Object version = token.getClaim(Claims.POLICY_VERSION_REQUIRED);
            throw policyAcceptanceRequired(version == null ? null : version.toString().replace("\"", ""));
        }
    }

    /** 403 policy-acceptance-required, naming the version to accept when known. */
    public static ProblemException policyAcceptanceRequired(String version) {
        String which = version == null ? "the current privacy policy" : "privacy policy version " + version;
        return ProblemException.typed(POLICY_ACCEPTANCE_REQUIRED, 403, "Policy acceptance required",
                "Accept " + which + " first (POST /api/v1/accounts/me/policy-acceptances), then refresh the token.");
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
