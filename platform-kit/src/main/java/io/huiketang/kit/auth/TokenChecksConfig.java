package io.huiketang.kit.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How every service checks access tokens: the verified-token cache, and the checks in Redis (revoked session, stale rights). */
@ConfigMapping(prefix = "huiketang.auth")
public interface TokenChecksConfig {

    /** How long a request waits for Redis before it is refused with a 503 problem. */
    @WithDefault("PT2S")
    Duration checkTimeout();

    /**
     * How many verified tokens each process remembers (until each one's expiry), so that a token's
     * signature is checked once per process rather than on every request; 0 turns the cache off.
     */
    @WithDefault("10000")
    int verifiedTokenCacheSize();
}
