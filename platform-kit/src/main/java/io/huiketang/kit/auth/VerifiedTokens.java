package io.huiketang.kit.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The access tokens this process has already verified (signature, issuer, audience, expiry), each
 * kept until it expires, keyed by the SHA-256 of the token so that no token is held as a map key.
 * Verifying an ES256 signature costs about a millisecond of CPU; a client sends the same token for
 * up to its whole lifetime. What can change during that lifetime (a revoked session, changed rights)
 * is not cached: {@link TokenRevocationCheck} asks Redis on every request, hit or miss.
 */
@ApplicationScoped
public class VerifiedTokens {

    /** Marks an identity that came from this cache, so that it is not stored again. */
    static final String FROM_CACHE = VerifiedTokens.class.getName() + ".hit";

    private final Cache<String, Entry> cache;
    private final Counter hits;
    private final Counter misses;

    VerifiedTokens(TokenChecksConfig config, MeterRegistry registry) {
        this.cache = Caffeine.newBuilder().maximumSize(Math.max(0, config.verifiedTokenCacheSize()))
                .expireAfter(new UntilTokenExpiry()).build();
        this.hits = Counter.builder("huiketang_verified_tokens_cache").tag("result", "hit")
                .description("Access tokens answered from the verified-token cache").register(registry);
        this.misses = Counter.builder("huiketang_verified_tokens_cache").tag("result", "miss")
                .description("Access tokens whose signature had to be verified").register(registry);
    }

    /** The identity this token was verified into, while the token is still unexpired; else null. */
    SecurityIdentity find(String token) {
        Entry entry = cache.getIfPresent(hash(token));
        if (entry == null || !entry.unexpiredAt(Instant.now())) {
            misses.increment();
            return null;
        }
        hits.increment();
        return entry.identity();
    }

    /** Remembers a freshly verified identity until its token's {@code exp}. */
    void remember(String token, SecurityIdentity identity, JsonWebToken jwt) {
        long expiresAt = jwt.getExpirationTime();
        if (expiresAt > Instant.now().getEpochSecond()) {
            cache.put(hash(token), new Entry(identity, expiresAt));
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Entry(SecurityIdentity identity, long expiresAtEpochSecond) {
        boolean unexpiredAt(Instant now) {
            return now.getEpochSecond() < expiresAtEpochSecond;
        }
    }

    private static final class UntilTokenExpiry implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return Math.max(0, entry.expiresAtEpochSecond() * 1_000_000_000L - Instant.now().toEpochMilli() * 1_000_000L);
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
