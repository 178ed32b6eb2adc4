package io.huiketang.kit.crypto;

import io.smallrye.config.ConfigMapping;

/** Keys for sensitive fields at rest (PLT-5). Production takes them from a secret, never from the defaults. */
@ConfigMapping(prefix = "huiketang.crypto")
public interface SensitiveFieldsConfig {

    /** Base64 of 32 random bytes: the AES-256-GCM key that encrypts sensitive fields. */
    String fieldKey();

    /** Base64 of 32 random bytes: the HMAC-SHA256 key of lookup hashes (so a hash cannot be brute-forced offline). */
    String lookupKey();
}
