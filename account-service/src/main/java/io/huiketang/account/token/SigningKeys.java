package io.huiketang.account.token;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.huiketang.kit.crypto.SensitiveFields;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The issuer's ES256 keys: one signs, the next is already published, retired ones stay published
 * until their tokens expire. Rotation is serialised across replicas by a database lock; each
 * replica reloads the keys often enough to follow a rotation done by another.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final long ROTATION_LOCK = 0x4B455953L; // "KEYS"

    /** The key that signs, ready to use. */
    public record ActiveKey(String kid, PrivateKey privateKey) {
    }

    private final EntityManager em;
    private final SensitiveFields sensitive;
    private final TokensConfig config;
    private final SecureRandom random = new SecureRandom();
    private volatile ActiveKey active;
    private volatile List<Map<String, String>> published = List.of();

    SigningKeys(EntityManager em, SensitiveFields sensitive, TokensConfig config) {
        this.em = em;
        this.sensitive = sensitive;
        this.config = config;
    }

    void onStart(@Observes StartupEvent startup) {
        ensureKeys();
        reload();
    }

    public ActiveKey active() {
        return active;
    }

    /** The public keys verifiers must know, as JWKs. */
    public List<Map<String, String>> publishedJwks() {
        return published;
    }

    @Transactional
    void ensureKeys() {
        lock();
        if (SigningKey.count("state", SigningKey.State.ACTIVE) == 0) {
            SigningKey key = generate(SigningKey.State.ACTIVE);
            key.activatedAt = Instant.now();
            key.persist();
        }
        if (SigningKey.count("state", SigningKey.State.NEXT) == 0) {
            generate(SigningKey.State.NEXT).persist();
        }
    }

    /** Promotes the next key to signing, retires the current one, and publishes a new next key. */
    @Transactional
    public void rotate() {
        lock();
        Instant now = Instant.now();
        SigningKey current = SigningKey.find("state", SigningKey.State.ACTIVE).firstResult();
        SigningKey next = SigningKey.find("state", SigningKey.State.NEXT).firstResult();
        current.state = SigningKey.State.RETIRED;
        current.retiredAt = now;
        em.flush(); // the unique index allows one ACTIVE at a time
        next.state = SigningKey.State.ACTIVE;
        next.activatedAt = now;
        em.flush();
        generate(SigningKey.State.NEXT).persist();
        // Retired keys are dropped once every token they signed has expired
        SigningKey.delete("state = ?1 and retiredAt < ?2", SigningKey.State.RETIRED,
                now.minus(config.accessTokenLifetime()).minusSeconds(60));
        LOG.infof("Signing key rotated: %s now signs", next.kid);
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reloadAndRotateWhenDue() {
        SigningKey current = SigningKey.find("state", SigningKey.State.ACTIVE).firstResult();
        if (current != null && current.activatedAt.plus(config.keyRotationInterval()).isBefore(Instant.now())) {
            rotate();
        }
        reload();
    }

    @Transactional
    public void reload() {
        List<SigningKey> keys = SigningKey.list("order by createdAt");
        List<Map<String, String>> jwks = keys.stream().map(SigningKeys::jwkOf).toList();
        SigningKey signing = keys.stream().filter(k -> k.state == SigningKey.State.ACTIVE).findFirst().orElseThrow();
        this.active = new ActiveKey(signing.kid, privateKeyOf(signing));
        this.published = jwks;
    }

    private void lock() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + ROTATION_LOCK + ")").getSingleResult();
    }

    private SigningKey generate(SigningKey.State state) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            byte[] kid = new byte[12];
            random.nextBytes(kid);
            SigningKey key = new SigningKey();
            key.kid = Base64.getUrlEncoder().withoutPadding().encodeToString(kid);
            key.state = state;
            key.privateKeyCipher = sensitive.encrypt(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            key.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            key.createdAt = Instant.now();
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an ES256 key", e);
        }
    }

    private PrivateKey privateKeyOf(SigningKey key) {
        try {
            byte[] der = Base64.getDecoder().decode(sensitive.decrypt(key.privateKeyCipher));
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read signing key " + key.kid, e);
        }
    }

    static Map<String, String> jwkOf(SigningKey key) {
        try {
            ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.publicKey)));
            Map<String, String> jwk = new LinkedHashMap<>();
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("kid", key.kid);
            jwk.put("use", "sig");
            jwk.put("alg", "ES256");
            jwk.put("x", coordinate(publicKey.getW().getAffineX()));
            jwk.put("y", coordinate(publicKey.getW().getAffineY()));
            return jwk;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read public key " + key.kid, e);
        }
    }

    // JWK coordinates are unsigned, big-endian, exactly 32 bytes for P-256
    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        if (bytes.length > 32) {
            bytes = Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length);
        }
        System.arraycopy(bytes, 0, fixed, 32 - bytes.length, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
