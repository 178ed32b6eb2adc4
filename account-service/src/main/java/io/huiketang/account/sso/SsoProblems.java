package io.huiketang.account.sso;

import java.net.URI;

import io.huiketang.kit.problem.ProblemException;

/** Why an SSO login failed, each with its own type so a client can tell them apart. */
final class SsoProblems {

    private static final String BASE = "https://huiketang.io/problems/";

    private SsoProblems() {
    }

    static ProblemException notConfigured() {
        return typed("sso-not-configured", 404, "No SSO login",
                "This enterprise does not exist or has no single sign-on configured.");
    }

    static ProblemException invalidLogin() {
        return typed("sso-login-invalid", 400, "Unknown or expired SSO login",
                "This login is unknown, expired, already completed, or was started in another browser; start again.");
    }

    static ProblemException codeRejected() {
        return typed("sso-code-rejected", 400, "Authorization code refused",
                "The identity provider refused the authorization code: it was already used or has expired. "
                        + "Start again.");
    }

    /** @param error the provider's OAuth error code, shown only when it looks like one */
    static ProblemException refusedByProvider(String error) {
        String code = error != null && error.matches("[a-z_]{1,40}") ? " (" + error + ")" : "";
        return typed("sso-refused-by-provider", 400, "Login refused by the identity provider",
                "The identity provider did not authorise the login" + code + ".");
    }

    static ProblemException idTokenInvalid() {
        return typed("sso-id-token-invalid", 400, "Invalid ID token",
                "The identity provider's answer failed verification (signature, issuer, audience, expiry or nonce); "
                        + "start again.");
    }

    static ProblemException emailNotAllowed() {
        return typed("sso-email-not-allowed", 403, "E-mail not allowed",
                "The identity provider did not assert a verified e-mail address in one of this enterprise's "
                        + "verified domains.");
    }

    /**
     * The provider is down, answered nonsense or with an error, redirected, names a refused address,
     * or refused this service's client credentials: one answer for all, never the provider's status,
     * address or port (the log says which).
     */
    static ProblemException providerUnavailable() {
        return typed("sso-provider-unavailable", 502, "Identity provider unavailable",
                "The enterprise's identity provider could not complete the login. Try again later; if it "
                        + "persists, the enterprise's administrator must check its SSO configuration.");
    }

    private static ProblemException typed(String type, int status, String title, String detail) {
        return ProblemException.typed(URI.create(BASE + type), status, title, detail);
    }
}
