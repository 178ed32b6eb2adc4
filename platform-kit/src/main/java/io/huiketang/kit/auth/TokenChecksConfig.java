package io.huiketang.kit.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The checks every service makes of a verified access token in Redis (revoked session, stale rights). */
@ConfigMapping(prefix = "huiketang.auth")
public interface TokenChecksConfig {

    /** How long a request waits for Redis before it is refused with a 503 problem. */
    @WithDefault("PT2S")
    Duration checkTimeout();
}
