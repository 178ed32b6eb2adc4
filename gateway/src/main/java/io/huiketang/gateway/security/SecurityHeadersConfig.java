package io.huiketang.gateway.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Security headers on every answer of the gateway. */
@ConfigMapping(prefix = "huiketang.gateway.security-headers")
public interface SecurityHeadersConfig {

    /** HSTS lifetime; zero turns the header off. */
    @WithDefault("P365D")
    Duration hstsMaxAge();

    /**
     * Send HSTS on plain-HTTP answers too: right behind an ingress that terminates TLS (the client
     * spoke HTTPS), wrong for a local plain-HTTP port.
     */
    @WithDefault("false")
    boolean hstsOnPlainHttp();
}
