package io.huiketang.kit.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Access tokens with exactly the claims of account-service's, signed by a key of this test JVM, for
 * services whose tests need many callers without running account-service. {@link LocalTokensProfile}
 * makes the service under test trust that key. RS256 rather than account-service's ES256, because
 * quarkus-oidc's local public-key verification takes RSA keys only; the ES256 path is proven
 * against a real account-service (meeting-service's PlatformTokenVerificationTest).
 */
public final class TestTokens {

    public static final String ISSUER = "https://account.test.huiketang.local";
    private static final KeyPair KEYS = generate();

    private TestTokens() {
    }

    /** A token of an active adult with no enterprise. */
    public static String person(UUID accountId) {
        return issue(accountId, "ACTIVE", List.of(), List.of());
    }

    /** A child whose guardian has not consented yet. */
    public static String childAwaitingConsent(UUID accountId) {
        return issue(accountId, "PENDING_GUARDIAN_CONSENT", List.of(), List.of());
    }

    public static String member(UUID accountId, UUID enterpriseId) {
        return issue(accountId, "ACTIVE", List.of(enterpriseId), List.of());
    }

    public static String admin(UUID accountId, UUID enterpriseId) {
        return issue(accountId, "ACTIVE", List.of(enterpriseId), List.of(enterpriseId));
    }

    public static String issue(UUID accountId, String status, List<UUID> enterprises, List<UUID> adminOf) {
        return issue(accountId, status, enterprises, adminOf, Instant.now());
    }

    /** A token of an active adult with no enterprise, issued at {@code issuedAt} (to the millisecond, {@code iat_ms}). */
    public static String personIssuedAt(UUID accountId, Instant issuedAt) {
        return issue(accountId, "ACTIVE", List.of(), List.of(), issuedAt);
    }

    public static String issue(UUID accountId, String status, List<UUID> enterprises, List<UUID> adminOf,
            Instant issuedAt) {
        return issue(accountId, status, enterprises, adminOf, issuedAt, claims -> {
        });
    }

    /** A token of an active adult with these roles (instead of {@code user}). */
    public static String withRoles(UUID accountId, List<String> roles) {
        return issue(accountId, "ACTIVE", List.of(), List.of(), Instant.now(),
                claims -> claims.setStringListClaim("roles", roles));
    }

    /**
     * A token of an active adult who proved a fresh one-time code at {@code verifiedAt}: account-service's
     * step-up token ({@code acr} {@code otp}, {@code auth_time}).
     */
    public static String verifiedWithCodeAt(UUID accountId, Instant verifiedAt) {
        return issue(accountId, "ACTIVE", List.of(), List.of(), Instant.now(), claims -> {
            claims.setClaim("acr", "otp");
            claims.setClaim("auth_time", verifiedAt.getEpochSecond());
        });
    }

    /** A token with account-service's claims, then {@code extra} changes applied. */
    public static String issue(UUID accountId, String status, List<UUID> enterprises, List<UUID> adminOf,
            Instant issuedAt, java.util.function.Consumer<JwtClaims> extra) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(ISSUER);
            claims.setSubject(accountId.toString());
            claims.setAudience("huiketang");
            claims.setIssuedAt(NumericDate.fromMilliseconds(issuedAt.toEpochMilli()));
            claims.setClaim("iat_ms", issuedAt.toEpochMilli());
            claims.setExpirationTime(NumericDate.fromMilliseconds(issuedAt.plusSeconds(600).toEpochMilli()));
            claims.setGeneratedJwtId();
            claims.setClaim("sid", UUID.randomUUID().toString());
            claims.setClaim("status", status);
            claims.setStringListClaim("roles", adminOf.isEmpty() ? List.of("user") : List.of("user", "enterprise_admin"));
            claims.setStringListClaim("enterprises", enterprises.stream().map(UUID::toString).toList());
            claims.setStringListClaim("admin_of", adminOf.stream().map(UUID::toString).toList());
            extra.accept(claims);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(KEYS.getPrivate());
            jws.setKeyIdHeaderValue("test-key");
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key to verify these tokens with, as quarkus.oidc.public-key takes it. */
    public static String publicKey() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
