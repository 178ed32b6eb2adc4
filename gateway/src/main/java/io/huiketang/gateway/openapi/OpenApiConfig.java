package io.huiketang.gateway.openapi;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The merged API description at /api/openapi. */
@ConfigMapping(prefix = "huiketang.gateway.openapi")
public interface OpenApiConfig {

    /** How long to wait for each service's description before leaving it out. */
    @WithDefault("PT3S")
    Duration fetchTimeout();

    /** How long a merged document is reused before the services are asked again. */
    @WithDefault("PT30S")
    Duration cacheFor();

    /**
     * The public base URL clients call (the document's server, HUIKETANG_PUBLIC_URL); unset: the
     * scheme, host and port of the request for the document.
     */
    Optional<String> publicUrl();

    @WithDefault("0.1.0")
    String version();
}
