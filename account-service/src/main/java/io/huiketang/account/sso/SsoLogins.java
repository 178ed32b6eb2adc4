package io.huiketang.account.sso;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * An SSO login in two steps: {@link #start} sends the person to their enterprise's provider with
 * a fresh state, nonce and PKCE challenge, kept in Redis; {@link #finish} takes them back once,
 * exchanges the code, verifies the ID token and hands the verified person to provisioning.
 */
@ApplicationScoped
class SsoLogins {

    private static final String PREFIX = "huiketang:account:sso-login:";

    /**
     * What is remembered between the two steps, under the state's hash.
     *
     * @param browserHash hash of the secret in the cookie of the browser that started the login
     */
    record PendingLogin(UUID enterpriseId, String issuer, String nonce, String codeVerifier, String browserHash,
            String policyVersion) {
    }

    /** @param browserSecret goes into a cookie: only the browser that started the login can finish it */
    record Started(URI authorizationUrl, String browserSecret) {
    }

    private final SecureRandom random = new SecureRandom();
    private final OidcProvider oidc;
    private final JustInTimeProvisioning provisioning;
    private final SensitiveFields sensitive;
    private final PolicyVersions policies;
    private final SsoConfig config;
    private final ValueCommands<String, PendingLogin> pending;

    SsoLogins(OidcProvider oidc, JustInTimeProvisioning provisioning, SensitiveFields sensitive, PolicyVersions policies,
            SsoConfig config, RedisDataSource redis) {
        this.oidc = oidc;
        this.provisioning = provisioning;
        this.sensitive = sensitive;
        this.policies = policies;
        this.config = config;
        this.pending = redis.value(PendingLogin.class);
    }

    /**
     * @param policyVersion the privacy policy the person accepted before choosing SSO: a first login
     *                      registers an account, which requires it (ACC-10)
     */
    Started start(UUID enterpriseId, String policyVersion) {
        policies.requireCurrent(policyVersion, "policyVersion");
        SsoConfiguration sso = SsoConfiguration.findById(enterpriseId);
        if (sso == null) {
            throw SsoProblems.notConfigured();
        }
        OidcProvider.Endpoints provider = endpoints(sso.issuer);
        String state = randomToken();
        String nonce = randomToken();
        String verifier = randomToken();
        String browserSecret = randomToken();
        pending.set(key(state), new PendingLogin(enterpriseId, sso.issuer, nonce, verifier, sha256(browserSecret),
                policyVersion), new SetArgs().ex(config.loginLifetime()));

        String query = "response_type=code&client_id=" + encode(sso.clientId)
                + "&redirect_uri=" + encode(config.callbackUrl())
                + "&scope=" + encode(String.join(" ", sso.scopes))
                + "&state=" + state + "&nonce=" + nonce
                + "&code_challenge=" + base64Url(sha256Bytes(verifier)) + "&code_challenge_method=S256";
        String authorization = provider.authorization().toString();
        return new Started(URI.create(authorization + (authorization.contains("?") ? "&" : "?") + query),
                browserSecret);
    }

    /**
     * @param error  the provider's error code when it did not authorise the login
     * @param iss    the issuer the provider names in its answer (RFC 9207), when it does
     */
    JustInTimeProvisioning.LoggedIn finish(String state, String code, String error, String iss, String browserSecret) {
        // Deleted as it is read: a state is used once, whatever comes after
        PendingLogin login = state == null || state.isBlank() ? null : pending.getdel(key(state));
        if (login == null || browserSecret == null
                || !MessageDigest.isEqual(sha256(browserSecret).getBytes(StandardCharsets.US_ASCII),
                        login.browserHash().getBytes(StandardCharsets.US_ASCII))) {
            throw SsoProblems.invalidLogin();
        }
        if (error != null) {
            throw SsoProblems.refusedByProvider(error);
        }
        if (code == null || code.isBlank()) {
            throw ProblemException.invalidField("code", "is required");
        }
        SsoConfiguration sso = SsoConfiguration.findById(login.enterpriseId());
        if (sso == null || !sso.issuer.equals(login.issuer())) {
            // Removed or pointed at another provider while the person was logging in
            throw SsoProblems.invalidLogin();
        }
        if (iss != null && !iss.equals(sso.issuer)) {
            throw SsoProblems.idTokenInvalid();
        }
        OidcProvider.Endpoints provider = endpoints(sso.issuer);
        String idToken = oidc.exchangeCode(provider, sso.clientId, sensitive.decrypt(sso.clientSecretCipher), code,
                config.callbackUrl(), login.codeVerifier());
        JwtClaims claims = oidc.verifyIdToken(provider, sso.clientId, idToken, login.nonce());
        try {
            String email = allowedEmail(sso, claims);
            return provisioning.login(sso.enterpriseId, sso.issuer, claims.getSubject(), email,
                    displayName(claims.getClaimValueAsString(sso.nameClaim), email), login.policyVersion());
        } catch (MalformedClaimException e) {
            throw SsoProblems.idTokenInvalid();
        }
    }

    /** The e-mail from the mapped claim, if the provider verified it and it is in one of the enterprise's domains. */
    private static String allowedEmail(SsoConfiguration sso, JwtClaims claims) {
        String email = claims.getClaimValueAsString(sso.emailClaim);
        // Some providers send the flag as a string
        boolean verified = "true".equals(claims.getClaimValueAsString("email_verified"));
        if (email == null || !verified) {
            throw SsoProblems.emailNotAllowed();
        }
        email = email.strip().toLowerCase(Locale.ROOT);
        int at = email.lastIndexOf('@');
        if (at < 1 || email.length() > 254 || !sso.verifiedDomains.contains(email.substring(at + 1))) {
            throw SsoProblems.emailNotAllowed();
        }
        return email;
    }

    /** The provider's name for the person, else the e-mail's local part; at most 64 characters. */
    private static String displayName(String claimed, String email) {
        String name = claimed == null || claimed.isBlank() ? email.substring(0, email.lastIndexOf('@'))
                : claimed.strip();
        return name.codePointCount(0, name.length()) <= 64 ? name : name.substring(0, name.offsetByCodePoints(0, 64));
    }

    private OidcProvider.Endpoints endpoints(String issuer) {
        try {
            return oidc.endpoints(issuer);
        } catch (OidcProvider.ProviderException e) {
            throw SsoProblems.providerUnavailable();
        }
    }

    private String key(String state) {
        return PREFIX + sha256(state);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return base64Url(bytes);
    }

    private static String sha256(String value) {
        return HexFormat.of().formatHex(sha256Bytes(value));
    }

    private static byte[] sha256Bytes(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
