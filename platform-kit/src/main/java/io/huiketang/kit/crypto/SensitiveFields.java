package io.huiketang.kit.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Encrypts sensitive fields (mobile numbers, WeChat ids, device ids, secrets) before they are
 * stored, and computes keyed hashes to look them up without decrypting. The same value always
 * hashes the same way; its ciphertext differs every time (random nonce).
 */
@ApplicationScoped
public class SensitiveFields {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // A version byte in front of each ciphertext leaves room for key rotation
    private static final byte VERSION = 1;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec fieldKey;
    private final SecretKeySpec lookupKey;

    @Inject
    SensitiveFields(SensitiveFieldsConfig config) {
        this(Base64.getDecoder().decode(config.fieldKey()), Base64.getDecoder().decode(config.lookupKey()));
    }

    /** For unit tests and tools: keys as raw bytes. */
    public SensitiveFields(byte[] fieldKey, byte[] lookupKey) {
        if (fieldKey.length != 32 || lookupKey.length != 32) {
            throw new IllegalArgumentException("huiketang.crypto keys must be 32 bytes (base64 of 32 random bytes)");
        }
        this.fieldKey = new SecretKeySpec(fieldKey, "AES");
        this.lookupKey = new SecretKeySpec(lookupKey, "HmacSHA256");
    }

    /** AES-256-GCM; the result is base64 of version, nonce and ciphertext with its tag. */
    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, fieldKey, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String decrypt(String ciphertext) {
        if (ciphertext == null) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(ciphertext));
            if (in.get() != VERSION) {
                throw new IllegalStateException("Unknown ciphertext version");
            }
            byte[] nonce = new byte[NONCE_BYTES];
            in.get(nonce);
            byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, fieldKey, new GCMParameterSpec(TAG_BITS, nonce));
            return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Decryption failed: wrong key or corrupted value", e);
        }
    }

    /** HMAC-SHA256 of the value, hex: the lookup key for an encrypted field or a de-identified id. */
    public String lookupHash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Hashing failed", e);
        }
    }
}
