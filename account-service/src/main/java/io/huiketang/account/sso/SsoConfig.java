package io.huiketang.account.sso;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.account.sso")
public interface SsoConfig {

    /** This service's public callback URL: enterprises register it at their provider as the redirect URI. */
    String callbackUrl();

    /** How long a started login waits for the person to come back from their provider. */
    @WithDefault("PT10M")
    Duration loginLifetime();

    /** Connect and read timeout of every call to a provider. */
    @WithDefault("PT5S")
    Duration providerTimeout();

    /**
     * Accept providers on plain http or on loopback and private addresses: only for the local stack
     * and tests. Off, an admin cannot make this service call into its own network.
     */
    @WithDefault("false")
    boolean allowLocalIssuers();
}
