package io.huiketang.account.token;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.tokens")
public interface TokensConfig {

    /** The {@code iss} of every token and the base of every address in discovery: the platform's public URL. */
    String issuer();

    @WithDefault("huiketang")
    String audience();

    @WithDefault("PT10M")
    Duration accessTokenLifetime();

    @WithDefault("P30D")
    Duration refreshTokenLifetime();

    /** How long a key signs before the next one takes over. */
    @WithDefault("P30D")
    Duration keyRotationInterval();
}
